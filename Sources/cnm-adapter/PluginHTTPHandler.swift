// Glue between the HTTP server and Docker's plugin protocol: strip the leading "/", dispatch,
// and log one line per call.

import AdapterOS
import CNMRemoteAPI
import HTTPServer

/// Answers Docker's plugin calls and logs each with its duration and outcome.
struct PluginHTTPHandler: HTTPHandler {
    let dispatcher: PluginDispatcher
    let logger: Logger
    let metrics: Metrics

    func handle(_ request: HTTPRequest) -> HTTPResponse {
        let started = monotonicSeconds()
        let method = request.target.hasPrefix("/") ? String(request.target.dropFirst()) : request.target
        let result: DispatchResult
        if request.method != "POST" {
            result = DispatchResult(
                status: 405, body: Array(#"{"Err":"plugin calls use POST"}"#.utf8), call: method)
        } else {
            result = dispatcher.dispatch(method: method, body: request.body)
        }
        var fields: [(String, String)] = [("call", result.call)]
        if let net = result.networkID { fields.append(("net", String(net.prefix(12)))) }
        if let ep = result.endpointID { fields.append(("ep", String(ep.prefix(12)))) }
        if let pool = result.poolID { fields.append(("pool", pool)) }
        let elapsed = monotonicSeconds() - started
        metrics.observe(
            "cnia_docker_call_duration_seconds", [("call", result.call)], seconds: elapsed,
            help: "Duration of Docker plugin calls, from request parsed to response ready.")
        metrics.increment(
            "cnia_docker_calls_total", [("call", result.call), ("status", String(result.status))],
            help: "Docker plugin calls by HTTP status.")
        fields.append(("ms", String(format3(1000 * elapsed))))
        fields.append(("status", String(result.status)))
        if result.status == 200 {
            logger.info("docker call", fields)
        } else {
            fields.append(("error", String(decoding: result.body, as: UTF8.self)))
            logger.warn("docker call failed", fields)
        }
        // Docker ignores the response Content-Type; go-plugins-helpers sends this one.
        return HTTPResponse(
            status: result.status,
            headers: [("Content-Type", "application/vnd.docker.plugins.v1.1+json")],
            body: result.body)
    }
}

/// `x` with three decimals, without Foundation's String(format:).
func format3(_ x: Double) -> String {
    let scaled = Int((x * 1000).rounded())
    let frac = String(abs(scaled) % 1000)
    return "\(scaled / 1000).\(String(repeating: "0", count: 3 - frac.count))\(frac)"
}
