// The daemon's own control socket (not Docker's): status and garbage collection for
// `cnm-adapter status` and `cnm-adapter gc`. Unix socket only, mode 0600: root's tool.

import AdapterOS
import AdapterService
import FoundationEssentials
import HTTPServer

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

struct ControlHandler: HTTPHandler {
    let adapter: Adapter
    let docker: any DockerView
    let metrics: Metrics

    func handle(_ request: HTTPRequest) -> HTTPResponse {
        let path = request.target.split(separator: "?").first.map(String.init) ?? request.target
        let query = request.target.split(separator: "?").dropFirst().first.map(String.init) ?? ""
        switch path {
        case "/gc":
            let dryRun = query.split(separator: "&").contains("dry-run=1")
            let repairs = adapter.reconcile(docker: docker, now: wallSeconds(), dryRun: dryRun)
            return json(["dryRun": .bool(dryRun), "repairs": .array(repairs.map { .string($0.description) })])
        case "/status":
            return json(adapter.statusReport())
        case "/metrics":
            return HTTPResponse(
                status: 200, headers: [("Content-Type", "text/plain; version=0.0.4")], body: Array(metrics.render().utf8))
        default:
            return HTTPResponse(status: 404, body: Array(#"{"Err":"unknown control call"}"#.utf8))
        }
    }

    private func json(_ object: [String: StatusValue]) -> HTTPResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let body = (try? encoder.encode(object)) ?? Data("{}".utf8)
        return HTTPResponse(status: 200, headers: [("Content-Type", "application/json")], body: Array(body) + [10])
    }
}

/// Seconds since the epoch.
func wallSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_REALTIME, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}
