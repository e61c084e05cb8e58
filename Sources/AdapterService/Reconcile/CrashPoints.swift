// Fault injection for the crash tests: with CNIA_CRASH_AT=<point> in the environment, the
// daemon dies (as kill -9 would: no cleanup, no flush) right after that side effect. The
// restarted daemon must then repair every case (issue 7).

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// Named places right after a side effect where a test may crash the daemon.
public enum CrashPoint: String, CaseIterable, Sendable {
    case networkAfterRules = "create-network:after-rules"
    case endpointAfterRecord = "create-endpoint:after-record"
    case endpointAfterNamespace = "create-endpoint:after-netns"
    case endpointAfterAdd = "create-endpoint:after-add"
    case endpointAfterMove = "create-endpoint:after-move"
    case deleteAfterMove = "delete-endpoint:after-move"
    case deleteAfterDel = "delete-endpoint:after-del"
    case deleteNetworkAfterRules = "delete-network:after-rules"

    /// The point chosen for this process, read once.
    static let armed: CrashPoint? = getenv("CNIA_CRASH_AT").flatMap { CrashPoint(rawValue: String(cString: $0)) }

    /// Dies here if this is the armed point.
    func hit() {
        guard Self.armed == self else { return }
        let message = "cnm-adapter: crash point \(rawValue) reached; exiting as if killed\n"
        _ = message.withCString { write(2, $0, strlen($0)) }
        _exit(137)
    }
}
