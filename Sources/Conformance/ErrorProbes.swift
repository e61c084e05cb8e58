// Calls Docker makes that must fail, or that name objects the plugin never saw.

/// A synthetic call and what Docker needs from the answer.
struct ErrorProbe {
    enum Expect {
        /// Docker must see an error (success would make it carry on with nothing).
        case error
        /// Docker ignores the outcome, but the answer must still be one it can read.
        case wellFormed
    }

    var name: String
    var path: String
    var body: String
    var expect: Expect

    /// The probes, with bodies shaped like the 20.10 trace's and IDs nobody created.
    static func all() -> [ErrorProbe] {
        let net = Bindings.randomID(), ep = Bindings.randomID()
        let ids = "\"NetworkID\":\"\(net)\",\"EndpointID\":\"\(ep)\""
        let ports = "\"Options\":{\"com.docker.network.endpoint.exposedports\":[],\"com.docker.network.portmap\":[]}"
        return [
            ErrorProbe(name: "Join of an unknown endpoint", path: "/NetworkDriver.Join",
                       body: "{\(ids),\"SandboxKey\":\"/var/run/docker/netns/0123456789ab\",\(ports)}\n", expect: .error),
            ErrorProbe(name: "CreateEndpoint on an unknown network", path: "/NetworkDriver.CreateEndpoint",
                       body: "{\(ids),\"Interface\":{\"Address\":\"10.231.43.77/24\",\"AddressIPv6\":\"\",\"MacAddress\":\"\"},\(ports)}\n", expect: .error),
            ErrorProbe(name: "Leave of an unknown endpoint", path: "/NetworkDriver.Leave", body: "{\(ids)}\n", expect: .wellFormed),
            ErrorProbe(name: "DeleteEndpoint of an unknown endpoint (Docker's stale-endpoint cleanup at start)",
                       path: "/NetworkDriver.DeleteEndpoint", body: "{\(ids)}\n", expect: .wellFormed),
            ErrorProbe(name: "EndpointOperInfo of an unknown endpoint", path: "/NetworkDriver.EndpointOperInfo", body: "{\(ids)}\n", expect: .wellFormed),
            ErrorProbe(name: "DeleteNetwork of an unknown network", path: "/NetworkDriver.DeleteNetwork", body: "{\"NetworkID\":\"\(net)\"}\n", expect: .wellFormed),
            ErrorProbe(name: "RequestAddress from an unknown pool", path: "/IpamDriver.RequestAddress",
                       body: "{\"PoolID\":\"cnia-conformance-no-such-pool\",\"Address\":\"\",\"Options\":null}\n", expect: .error),
            ErrorProbe(name: "ReleasePool of an unknown pool", path: "/IpamDriver.ReleasePool",
                       body: "{\"PoolID\":\"cnia-conformance-no-such-pool\"}\n", expect: .wellFormed),
            ErrorProbe(name: "RequestPool with a pool that is not CIDR", path: "/IpamDriver.RequestPool",
                       body: "{\"AddressSpace\":\"CnmLocal\",\"Pool\":\"10.231.40.0/99\",\"SubPool\":\"\",\"Options\":{},\"V6\":false}\n", expect: .error),
            ErrorProbe(name: "CreateNetwork with a truncated JSON body", path: "/NetworkDriver.CreateNetwork",
                       body: "{\"NetworkID\":\"\(net)\",\"Options\":{", expect: .error),
            ErrorProbe(name: "unknown method", path: "/NetworkDriver.NoSuchMethod", body: "{}\n", expect: .error),
        ]
    }

    /// Sends the probes, then an Activate to see the plugin survived them.
    static func run(connection: PluginConnection) -> [ConformanceCheck] {
        var checks: [ConformanceCheck] = []
        func record(_ name: String, _ status: CheckStatus, _ message: String) {
            checks.append(ConformanceCheck(group: "errors", name: name, status: status, message: message))
        }
        for probe in all() {
            let answer: PluginAnswer
            do {
                answer = try connection.call(probe.path, body: Array(probe.body.utf8))
            } catch {
                record(probe.name, .fail, "no answer: \(error)")
                continue
            }
            let method = String(probe.path.dropFirst())
            switch (DockerAnswer.interpret(method: method, answer), probe.expect) {
            case (.broken(let message), _):
                record(probe.name, .fail, message)
            case (.success, .error):
                record(probe.name, .fail, "answered success (\(answer.status) \(answer.bodyText.trimmingNewlines().prefix(80))): Docker would carry on as if it had worked")
            case (.error(let message), _):
                let form = answer.status == 200 || JSON.parseOrNil(answer.body)?["Err"] != nil ? "" : " (not {\"Err\"} JSON: Docker shows the raw body)"
                if probe.path == "/NetworkDriver.NoSuchMethod" && answer.status != 404 {
                    record(probe.name, .pass, "error as Docker needs, though 404 is the usual answer: \(message)")
                } else {
                    record(probe.name, .pass, "error Docker reports: \(message)\(form)")
                }
            case (.success, .wellFormed):
                record(probe.name, .pass, "\(answer.status) \(answer.bodyText.trimmingNewlines().prefix(80))")
            }
        }
        do {
            let answer = try connection.call("/Plugin.Activate", body: [])
            if case .success = DockerAnswer.interpret(method: "Plugin.Activate", answer) {
                record("still serving after the probes", .pass, "Plugin.Activate answered \(answer.status)")
            } else {
                record("still serving after the probes", .fail, "Plugin.Activate answered \(answer.status) \(answer.bodyText.prefix(80))")
            }
        } catch {
            record("still serving after the probes", .fail, "no answer after the error probes: \(error)")
        }
        return checks
    }
}
