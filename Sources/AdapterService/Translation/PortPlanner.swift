// Choosing host ports for Docker's port bindings: `-p H:C`, ranges `-p H1-H2:C`, and `-P`
// (HostPort 0), with a clear error when a port is taken. portmap itself checks nothing: a second
// container silently shadows the first (translation-findings §2.4).

import CNMRemoteAPI

/// Resolves Docker's port bindings to concrete host ports.
struct PortPlanner {
    /// Docker's own range for `-P` (`/proc/sys/net/ipv4/ip_local_port_range` aside).
    static let ephemeral = 49153...60999

    /// Ports already published by other endpoints.
    var taken: Set<PortMappingRecord>
    /// Whether a host process (or anything else) holds `proto` port `port` on `hostIP`.
    var isBusyOnHost: (_ proto: String, _ hostIP: String, _ port: Int) -> Bool

    /// Docker's protocol numbers (libnetwork types.Protocol).
    static func protocolName(_ number: Int) -> String? {
        switch number {
        case 6: "tcp"
        case 17: "udp"
        case 132: "sctp"
        default: nil
        }
    }

    /// The host port for each binding, in order.
    /// - Throws: `AdapterError` "port is already allocated" (Docker's own wording) when a fixed
    ///   port is taken, or no port of a range is free.
    mutating func plan(_ bindings: [PortBinding]) throws -> [PortMappingRecord] {
        var out: [PortMappingRecord] = []
        for binding in bindings {
            guard let proto = Self.protocolName(binding.proto) else {
                throw AdapterError("cannot publish protocol number \(binding.proto); only tcp, udp and sctp")
            }
            guard (1...65535).contains(binding.port) else { throw AdapterError("invalid container port \(binding.port)") }
            let candidates: ClosedRange<Int>
            if binding.hostPort == 0 {
                candidates = Self.ephemeral
            } else {
                let end = max(binding.hostPortEnd, binding.hostPort)
                guard (1...65535).contains(binding.hostPort), end <= 65535 else {
                    throw AdapterError("invalid host port \(binding.hostPort)")
                }
                candidates = binding.hostPort...end
            }
            guard let port = candidates.first(where: { isFree(proto, binding.hostIP, $0) }) else {
                let shown = binding.hostIP.isEmpty ? "0.0.0.0" : binding.hostIP
                let range = candidates.count == 1 ? "\(candidates.lowerBound)" : "\(candidates.lowerBound)-\(candidates.upperBound)"
                throw AdapterError("Bind for \(shown):\(range) failed: port is already allocated")
            }
            let record = PortMappingRecord(proto: proto, hostIP: binding.hostIP, hostPort: port, containerPort: binding.port)
            taken.insert(record)
            out.append(record)
        }
        return out
    }

    /// Free when no endpoint publishes it on an overlapping address and the host does not hold it.
    private func isFree(_ proto: String, _ hostIP: String, _ port: Int) -> Bool {
        let clash = taken.contains {
            $0.proto == proto && $0.hostPort == port && ($0.hostIP.isEmpty || hostIP.isEmpty || $0.hostIP == hostIP)
        }
        return !clash && !isBusyOnHost(proto, hostIP, port)
    }
}
