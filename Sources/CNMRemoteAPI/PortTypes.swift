// Port descriptions inside the endpoint Options maps.
// Source: https://github.com/moby/moby/blob/v20.10.24/vendor/github.com/docker/libnetwork/types/types.go
// (TransportPort, PortBinding; Proto numbers from the Protocol constants).

/// An exposed container port, `{"Proto": 6, "Port": 80}` (Go `types.TransportPort`).
public struct TransportPort: Codable, Sendable, Equatable, Hashable {
    /// IP protocol number: 1 icmp, 6 tcp, 17 udp, 132 sctp.
    public var proto: Int
    /// Container port.
    public var port: Int

    /// Creates an exposed port.
    public init(proto: Int, port: Int) {
        self.proto = proto
        self.port = port
    }

    enum CodingKeys: String, CodingKey {
        case proto = "Proto"
        case port = "Port"
    }

    /// Reads a port from one element of the option array; `nil` if it is not an object.
    init?(_ value: JSONValue) {
        guard case .object = value else { return nil }
        self.init(proto: value["Proto"]?.intValue ?? 0, port: value["Port"]?.intValue ?? 0)
    }
}

/// A published port, `-p HostIP:HostPort-HostPortEnd:Port/proto` (Go `types.PortBinding`).
public struct PortBinding: Codable, Sendable, Equatable, Hashable {
    /// IP protocol number: 1 icmp, 6 tcp, 17 udp, 132 sctp.
    public var proto: Int
    /// Container IP, `""` when unset.
    public var ip: String
    /// Container port.
    public var port: Int
    /// Host IP to bind, `""` for all addresses.
    public var hostIP: String
    /// First host port; `0` means "pick one" (`-P`).
    public var hostPort: Int
    /// Last host port of a range; equals `hostPort` for a single port.
    public var hostPortEnd: Int

    /// Creates a port binding.
    public init(proto: Int, ip: String = "", port: Int, hostIP: String = "", hostPort: Int, hostPortEnd: Int? = nil) {
        self.proto = proto
        self.ip = ip
        self.port = port
        self.hostIP = hostIP
        self.hostPort = hostPort
        self.hostPortEnd = hostPortEnd ?? hostPort
    }

    enum CodingKeys: String, CodingKey {
        case proto = "Proto"
        case ip = "IP"
        case port = "Port"
        case hostIP = "HostIP"
        case hostPort = "HostPort"
        case hostPortEnd = "HostPortEnd"
    }

    /// Reads a binding from one element of the option array; `nil` if it is not an object.
    init?(_ value: JSONValue) {
        guard case .object = value else { return nil }
        self.init(
            proto: value["Proto"]?.intValue ?? 0,
            ip: value["IP"]?.stringValue ?? "",
            port: value["Port"]?.intValue ?? 0,
            hostIP: value["HostIP"]?.stringValue ?? "",
            hostPort: value["HostPort"]?.intValue ?? 0,
            hostPortEnd: value["HostPortEnd"]?.intValue ?? 0
        )
    }
}

extension Dictionary where Key == String, Value == JSONValue {
    /// `com.docker.network.portmap` entries; malformed entries are skipped.
    var portBindings: [PortBinding] {
        self[OptionKey.portMap]?.arrayValue?.compactMap(PortBinding.init) ?? []
    }

    /// `com.docker.network.endpoint.exposedports` entries; malformed entries are skipped.
    var transportPorts: [TransportPort] {
        self[OptionKey.exposedPorts]?.arrayValue?.compactMap(TransportPort.init) ?? []
    }
}
