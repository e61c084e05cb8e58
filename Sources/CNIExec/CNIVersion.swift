// CNI spec versions: the known list, comparison, and which features each one allows.

/// Helpers for CNI spec version strings (`"0.4.0"`, `"1.1.0"`).
public enum CNIVersion {
    /// Every version this runtime can read and write, oldest first (libcni `version.All`).
    public static let all = ["0.1.0", "0.2.0", "0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0"]
    /// The newest spec version implemented (libcni `version.Current()`).
    public static let current = "1.1.0"

    /// Parses `major.minor.patch` into numbers; `nil` when it is not that shape.
    public static func components(_ version: String) -> [Int]? {
        let parts = version.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return nil }
        let numbers = parts.compactMap { Int($0) }
        return numbers.count == 3 && numbers.allSatisfy { $0 >= 0 } ? numbers : nil
    }

    /// Orders two versions numerically; malformed versions sort first.
    public static func less(_ a: String, _ b: String) -> Bool {
        (components(a) ?? [-1]).lexicographicallyPrecedes(components(b) ?? [-1])
    }

    /// `version >= minimum`, numerically.
    public static func atLeast(_ version: String, _ minimum: String) -> Bool {
        !less(version, minimum)
    }

    /// Whether `version` is one of ``all``.
    public static func isKnown(_ version: String) -> Bool {
        all.contains(version)
    }

    /// CHECK exists since 0.4.0 (SPEC §CHECK).
    public static func supportsCheck(_ version: String) -> Bool { atLeast(version, "0.4.0") }

    /// GC and STATUS exist since 1.1.0 (SPEC §GC, §STATUS).
    public static func supportsGCAndStatus(_ version: String) -> Bool { atLeast(version, "1.1.0") }
}
