// IpamDriver.RequestPool / ReleasePool.
// Source: https://github.com/moby/moby/blob/v20.10.24/vendor/github.com/docker/libnetwork/ipams/remote/api/api.go (RequestPoolRequest, RequestPoolResponse, ReleasePoolRequest)

/// The body of `IpamDriver.RequestPool` (Go `RequestPoolRequest`).
public struct RequestPoolRequest: Codable, Sendable, Equatable {
    /// The address space from GetDefaultAddressSpaces.
    public var addressSpace: String
    /// The `--subnet` CIDR, or `""` to let the IPAM choose.
    public var pool: String
    /// The `--ip-range` CIDR, or `""`.
    public var subPool: String
    /// `--ipam-opt k=v` pairs; `{}` when none.
    public var options: [String: String]
    /// Whether this is the IPv6 pool request.
    public var v6: Bool

    /// Creates a request.
    public init(addressSpace: String, pool: String = "", subPool: String = "", options: [String: String] = [:], v6: Bool = false) {
        self.addressSpace = addressSpace
        self.pool = pool
        self.subPool = subPool
        self.options = options
        self.v6 = v6
    }

    enum CodingKeys: String, CodingKey {
        case addressSpace = "AddressSpace"
        case pool = "Pool"
        case subPool = "SubPool"
        case options = "Options"
        case v6 = "V6"
    }

    /// Decodes tolerantly: every field has a zero default, as in Go.
    ///
    /// - Throws: `DecodingError` when a field has the wrong type.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        addressSpace = try container.string(.addressSpace)
        pool = try container.string(.pool)
        subPool = try container.string(.subPool)
        options = try container.stringMap(.options)
        v6 = try container.bool(.v6)
    }
}

/// The answer to `IpamDriver.RequestPool` (Go `RequestPoolResponse`).
public struct RequestPoolResponse: Codable, Sendable, Equatable {
    /// A stable identifier Docker hands back in RequestAddress/ReleasePool.
    public var poolID: String
    /// The pool in CIDR form; must parse as a CIDR.
    public var pool: String
    /// Extra data; `com.docker.network.gateway` presets the gateway. Omitted when empty.
    public var data: [String: String]

    /// Creates a response.
    public init(poolID: String, pool: String, data: [String: String] = [:]) {
        self.poolID = poolID
        self.pool = pool
        self.data = data
    }

    enum CodingKeys: String, CodingKey {
        case poolID = "PoolID"
        case pool = "Pool"
        case data = "Data"
    }

    /// Decodes tolerantly: missing fields are zero values.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        poolID = try container.string(.poolID)
        pool = try container.string(.pool)
        data = try container.stringMap(.data)
    }

    /// Encodes `PoolID` and `Pool`, and `Data` only when non-empty.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(poolID, forKey: .poolID)
        try container.encode(pool, forKey: .pool)
        if !data.isEmpty { try container.encode(data, forKey: .data) }
    }
}

/// The body of `IpamDriver.ReleasePool` (Go `ReleasePoolRequest`).
public struct ReleasePoolRequest: Codable, Sendable, Equatable {
    /// The pool to release. Required.
    public var poolID: String

    /// Creates a request.
    public init(poolID: String) {
        self.poolID = poolID
    }

    enum CodingKeys: String, CodingKey {
        case poolID = "PoolID"
    }

    /// Decodes tolerantly; `PoolID` is required.
    ///
    /// - Throws: `DecodingError` when `PoolID` is missing.
    public init(from decoder: any Decoder) throws {
        poolID = try decoder.container(keyedBy: CodingKeys.self).requiredString(.poolID)
    }
}
