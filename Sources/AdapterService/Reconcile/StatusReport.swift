// A JSON-friendly snapshot of the adapter's state for `cnm-adapter status`.

/// A small JSON value for reports (encodes as plain JSON).
public enum StatusValue: Encodable, Sendable, Equatable {
    case string(String)
    case bool(Bool)
    case number(Double)
    case array([StatusValue])
    case object([String: StatusValue])

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let v): try container.encode(v)
        case .bool(let v): try container.encode(v)
        case .number(let v): try container.encode(v)
        case .array(let v): try container.encode(v)
        case .object(let v): try container.encode(v)
        }
    }
}

extension Adapter {
    /// Networks with their endpoints (addresses, MAC, host link, published ports, phase).
    public func statusReport() -> [String: StatusValue] {
        let endpoints = store.allEndpoints()
        let networks = store.allNetworks().sorted { $0.id < $1.id }.map { network -> StatusValue in
            let eps = endpoints.filter { $0.networkID == network.id }.sorted { $0.endpointID < $1.endpointID }.map { ep -> StatusValue in
                .object([
                    "id": .string(ep.endpointID), "phase": .string(ep.phase.rawValue), "address": .string(ep.address),
                    "addressIPv6": .string(ep.addressV6), "mac": .string(ep.mac), "hostLink": .string(ep.hostLink),
                    "netns": .string(ep.netns),
                    "ports": .array((ep.ports ?? []).map { .string("\($0.hostIP.isEmpty ? "0.0.0.0" : $0.hostIP):\($0.hostPort)->\($0.containerPort)/\($0.proto)") }),
                ])
            }
            return .object([
                "id": .string(network.id), "cniNetwork": .string(network.cniName),
                "bridge": .string(network.forwardBridge ?? ""), "internal": .bool(network.isolated),
                "userConflist": .string(network.userNetwork ?? ""), "endpoints": .array(eps),
            ])
        }
        let pools = store.addressBook.pools.values.sorted { $0.pool < $1.pool }.map { pool -> StatusValue in
            .object(["id": .string(pool.id), "pool": .string(pool.pool), "allocated": .array(pool.allocated.map { .string($0) })])
        }
        return ["networks": .array(networks), "pools": .array(pools)]
    }
}
