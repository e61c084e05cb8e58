// The outcome of a conformance run: one line per check, as text or JSON.

/// Whether a check held.
public enum CheckStatus: String, Sendable {
    case pass = "PASS"
    case fail = "FAIL"
    case skip = "SKIP"
}

/// One check: a call answered the way Docker accepts, or a property of a sequence.
public struct ConformanceCheck: Sendable, Equatable {
    /// Where it belongs, e.g. `28.5/container` or `errors`.
    public var group: String
    /// What was checked, e.g. `#5 NetworkDriver.Join`.
    public var name: String
    /// Pass, fail or skip.
    public var status: CheckStatus
    /// Why: what the plugin did and how Docker takes it.
    public var message: String

    /// Creates a check.
    public init(group: String, name: String, status: CheckStatus, message: String) {
        self.group = group
        self.name = name
        self.status = status
        self.message = message
    }
}

/// All checks of a run, in the order they ran.
public struct ConformanceReport: Sendable {
    /// The checks.
    public var checks: [ConformanceCheck] = []

    /// Creates an empty report.
    public init() {}

    /// Number of checks with `status`.
    public func count(_ status: CheckStatus) -> Int { checks.filter { $0.status == status }.count }

    /// True when no check failed.
    public var passed: Bool { count(.fail) == 0 }

    /// The failed checks.
    public var failures: [ConformanceCheck] { checks.filter { $0.status == .fail } }

    /// One line per check and a summary line starting with `title`.
    public func text(title: String = "conformance") -> String {
        var out = ""
        for check in checks {
            out += "\(check.status.rawValue)  \(check.group)  \(check.name): \(check.message)\n"
        }
        out += "\(title): \(count(.pass)) passed, \(count(.fail)) failed, \(count(.skip)) skipped\n"
        return out
    }

    /// `{"passed":N,"failed":M,"skipped":K,"checks":[{"group","name","status","message"}]}`.
    public func json() -> String {
        let items: [JSON] = checks.map {
            .object([
                "group": .string($0.group), "name": .string($0.name),
                "status": .string($0.status.rawValue.lowercased()), "message": .string($0.message),
            ])
        }
        let document: JSON = .object([
            "passed": .integer(Int64(count(.pass))), "failed": .integer(Int64(count(.fail))),
            "skipped": .integer(Int64(count(.skip))), "checks": .array(items),
        ])
        return String(decoding: document.prettySerialized(), as: UTF8.self) + "\n"
    }
}
