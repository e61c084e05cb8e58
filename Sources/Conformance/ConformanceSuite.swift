// `cnm-adapter conformance`: everything Docker would send, checked against one plugin socket.

/// What to run and where.
public struct ConformanceOptions: Sendable {
    /// The plugin's socket.
    public var socket: String
    /// Engines whose recordings to replay (default: all).
    public var engines: [String]
    /// Link lookup for Join's SrcName; nil skips those checks.
    public var links: (any HostLinkLookup)?
    /// Seconds to wait for any one answer.
    public var timeout: Int
    /// Connections used at once by the concurrency check.
    public var concurrency: Int

    /// Options with the defaults: every engine, netlink lookups, 60 s, 4 connections.
    public init(socket: String, engines: [String] = RecordedSequence.engines, links: (any HostLinkLookup)? = NetlinkLinkLookup(),
                timeout: Int = 60, concurrency: Int = 4) {
        self.socket = socket
        self.engines = engines
        self.links = links
        self.timeout = timeout
        self.concurrency = concurrency
    }
}

/// Replays the recorded sequences, the error probes and the concurrency check.
public enum ConformanceSuite {
    /// Runs everything and returns the report; never throws (failures are checks).
    ///
    /// Order per engine: registration (its answers decide what Docker would send next), then
    /// each sequence on a fresh connection. Then error probes and concurrency once.
    public static func run(_ options: ConformanceOptions) -> ConformanceReport {
        var report = ConformanceReport()
        var capabilities = PluginCapabilities()
        for engine in options.engines {
            for sequence in RecordedSequence.recorded(engine: engine) {
                let group = "\(engine)/\(sequence.name)"
                if let missing = sequence.requires.first(where: { !capabilities.has($0) }) {
                    report.checks.append(ConformanceCheck(
                        group: group, name: "sequence", status: .skip,
                        message: "the plugin does not declare \(missing), so Docker never sends this"))
                    continue
                }
                let needs = Set(sequence.calls.compactMap { $0.method.split(separator: ".").first.map(String.init) })
                    .subtracting(["Plugin"])
                if !capabilities.implements.isEmpty, let iface = needs.first(where: { !capabilities.implements.contains($0) }) {
                    report.checks.append(ConformanceCheck(
                        group: group, name: "sequence", status: .skip,
                        message: "the plugin does not implement \(iface), Docker would use another driver for it"))
                    continue
                }
                let connection = PluginConnection(path: options.socket, host: sequence.host, timeout: options.timeout)
                var runner = SequenceRunner(group: group, connection: connection)
                var state = SequenceState(context: RuleContext(links: options.links))
                runner.run(Array(sequence.calls.enumerated()).map { (index: $0.offset, call: $0.element) }, state: &state)
                report.checks += runner.checks
                if sequence.name == "registration" { capabilities = learnCapabilities(options, host: sequence.host) }
            }
        }
        let probes = PluginConnection(path: options.socket, host: "", timeout: options.timeout)
        report.checks += ErrorProbe.run(connection: probes)
        if let engine = options.engines.last,
            let container = RecordedSequence.recorded(engine: engine).first(where: { $0.name == "container" })
        {
            report.checks += ConcurrencyProbe(
                socket: options.socket, timeout: options.timeout, links: options.links, width: options.concurrency
            ).run(container)
        }
        return report
    }

    /// Asks Activate and IpamDriver.GetCapabilities again, to read what the plugin declares.
    static func learnCapabilities(_ options: ConformanceOptions, host: String) -> PluginCapabilities {
        var capabilities = PluginCapabilities()
        let connection = PluginConnection(path: options.socket, host: host, timeout: options.timeout)
        if let answer = try? connection.call("/Plugin.Activate", body: []),
            case .success(let object) = DockerAnswer.interpret(method: "Plugin.Activate", answer)
        {
            capabilities.implements = object["Implements"]?.arrayValue?.compactMap(\.stringValue) ?? []
        }
        if capabilities.implements.contains("IpamDriver"),
            let answer = try? connection.call("/IpamDriver.GetCapabilities", body: []),
            case .success(let object) = DockerAnswer.interpret(method: "IpamDriver.GetCapabilities", answer)
        {
            capabilities.requiresRequestReplay = object["RequiresRequestReplay"]?.boolValue ?? false
        }
        return capabilities
    }
}

extension PluginCapabilities {
    func has(_ capability: String) -> Bool {
        capability == "RequiresRequestReplay" ? requiresRequestReplay : false
    }
}
