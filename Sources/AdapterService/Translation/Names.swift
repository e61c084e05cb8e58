// Names of the kernel objects we create. All start with "cnia" so that they are recognisably
// ours on a shared host, and fit IFNAMSIZ (15 bytes + NUL).

/// Derives our object names from Docker's IDs.
public enum Names {
    /// The bridge of a generated network: `cnia-` + 10 hex of the network ID (15 bytes).
    public static func bridge(networkID: String) -> String { "cnia-" + prefix(networkID, 10) }

    /// The CNI network name of a Docker network (cache files are keyed by it).
    public static func cniNetwork(networkID: String) -> String { "cnia-" + prefix(networkID, 12) }

    /// The staging namespace of an endpoint: `cnia-` + 12 hex of the endpoint ID.
    public static func stagingNamespace(endpointID: String) -> String { "cnia-" + prefix(endpointID, 12) }

    /// The endpoint's link while it waits in the host netns: `cnia` + 11 hex (15 bytes).
    public static func hostLink(endpointID: String) -> String { "cnia" + prefix(endpointID, 11) }

    /// The interface name CNI creates inside the staging namespace.
    public static let containerInterface = "eth0"

    /// A short ID for log lines.
    public static func short(_ id: String) -> String { prefix(id, 12) }

    private static func prefix(_ id: String, _ count: Int) -> String {
        String(id.lowercased().filter { $0.isHexDigit }.prefix(count))
    }

    /// Whether `id` is usable in file and object names: 1–128 of `[A-Za-z0-9_.-]`, not `.`/`..`.
    public static func isSafeID(_ id: String) -> Bool {
        !id.isEmpty && id.count <= 128 && id != "." && id != ".."
            && id.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0)) }
    }
}
