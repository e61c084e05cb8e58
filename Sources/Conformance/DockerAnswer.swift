// How Docker's plugin client reads an answer (cnm-protocol.md §2, §2.1): success, error, or
// an answer Docker cannot use or misreads.

/// What Docker makes of one answer.
public enum DockerAnswer: Sendable, Equatable {
    /// Docker takes it as success and decodes this object.
    case success([String: JSON])
    /// Docker takes it as an error and shows this message.
    case error(String)
    /// Docker fails in a way the plugin did not intend, or misreads an error as success.
    case broken(String)

    /// Interprets `answer` to `POST /<Iface>.<Method>` the way moby's `pkg/plugins` client and the
    /// remote driver / remote IPAM do.
    public static func interpret(method: String, _ answer: PluginAnswer) -> DockerAnswer {
        let iface = method.split(separator: ".").first.map(String.init) ?? ""
        guard answer.status == 200 else {
            // pkg/plugins reads `Err` from a JSON body for both interfaces, else shows the raw body.
            let parsed = JSON.parseOrNil(answer.body)
            let message = parsed?["Err"]?.stringValue ?? answer.bodyText
            // Docker ignores a 404 on these two ("not mandatory yet", remote driver L333/L347).
            if answer.status == 404 && (method.hasSuffix(".ProgramExternalConnectivity") || method.hasSuffix(".RevokeExternalConnectivity")) {
                return .success([:])
            }
            return .error("HTTP \(answer.status): \(message.isEmpty ? "(empty body)" : message)")
        }
        let trimmed = answer.body.drop { $0 == 32 || $0 == 10 || $0 == 13 || $0 == 9 }
        guard !trimmed.isEmpty else {
            return .broken("empty 200 body: Docker fails with `error reading plugin resp: EOF`; answer at least {}")
        }
        guard let parsed = JSON.parseOrNil(answer.body) else {
            return .broken("200 body is not JSON, Docker cannot decode it: \(String(answer.bodyText.prefix(80)))")
        }
        guard let object = parsed.objectValue else {
            return .broken("200 body is not a JSON object, Docker cannot decode it: \(String(answer.bodyText.prefix(80)))")
        }
        let err = object["Err"]?.stringValue ?? ""
        let error = object["Error"]?.stringValue ?? ""
        switch iface {
        case "NetworkDriver":
            if !err.isEmpty { return .error("remote: \(err)") }
            if !error.isEmpty {
                return .broken("error in field \"Error\" on a 200 answer: a NetworkDriver error goes in \"Err\" (or HTTP 500 {\"Err\"}); Docker treats this answer as success (\(error))")
            }
        case "IpamDriver":
            if !error.isEmpty { return .error("remote: \(error)") }
            if !err.isEmpty {
                return .broken("error in field \"Err\" on a 200 answer: an IpamDriver error goes in \"Error\" (or HTTP 500 {\"Err\"}); Docker treats this answer as success (\(err))")
            }
        default:
            break
        }
        return .success(object)
    }
}
