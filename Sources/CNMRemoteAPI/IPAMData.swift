// One address pool as the network driver sees it in CreateNetwork/AllocateNetwork.
// Source: https://github.com/moby/moby/blob/v20.10.24/vendor/github.com/docker/libnetwork/driverapi/ipamdata.go (IPAMData.MarshalJSON)

/// One pool of a network (Go `driverapi.IPAMData`), an entry of `IPv4Data`/`IPv6Data`.
///
/// All addresses are CIDR strings carrying the *pool* prefix length, even the
/// gateway and aux addresses (cnm-protocol.md §3.2).
public struct IPAMData: Codable, Sendable, Equatable {
    /// The IPAM address space, e.g. `"CnmLocal"`, `"LocalDefault"`, `"null"`.
    public var addressSpace: String
    /// The pool, e.g. `"10.217.0.0/24"`.
    public var pool: String
    /// The gateway, e.g. `"10.217.0.254/24"`; `nil` when absent (null IPAM).
    public var gateway: String?
    /// `--aux-address name=ip` entries, name → `"ip/len"`; empty when absent.
    public var auxAddresses: [String: String]

    /// Creates pool data.
    public init(addressSpace: String, pool: String, gateway: String? = nil, auxAddresses: [String: String] = [:]) {
        self.addressSpace = addressSpace
        self.pool = pool
        self.gateway = gateway
        self.auxAddresses = auxAddresses
    }

    enum CodingKeys: String, CodingKey {
        case addressSpace = "AddressSpace"
        case pool = "Pool"
        case gateway = "Gateway"
        case auxAddresses = "AuxAddresses"
    }

    /// Decodes tolerantly: missing strings are `""`, a missing map is empty.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        addressSpace = try container.string(.addressSpace)
        pool = try container.string(.pool)
        gateway = try container.decodeIfPresent(String.self, forKey: .gateway)
        auxAddresses = try container.stringMap(.auxAddresses)
    }

    /// Encodes like Docker: `Gateway` and `AuxAddresses` only when present.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(addressSpace, forKey: .addressSpace)
        try container.encode(pool, forKey: .pool)
        try container.encodeIfPresent(gateway, forKey: .gateway)
        if !auxAddresses.isEmpty {
            try container.encode(auxAddresses, forKey: .auxAddresses)
        }
    }
}
