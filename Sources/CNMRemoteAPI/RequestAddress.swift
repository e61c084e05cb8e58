// IpamDriver.RequestAddress / ReleaseAddress.
// Source: https://github.com/moby/moby/blob/v20.10.24/vendor/github.com/docker/libnetwork/ipams/remote/api/api.go (RequestAddressRequest, RequestAddressResponse, ReleaseAddressRequest)

/// The body of `IpamDriver.RequestAddress` (Go `RequestAddressRequest`).
public struct RequestAddressRequest: Codable, Sendable, Equatable {
    /// The pool from RequestPool. Required.
    public var poolID: String
    /// A specific bare IP (`--ip`, `--gateway`, aux address, replay), or `""` for any.
    public var address: String
    /// `RequestAddressType` for the gateway, or the MAC option; `null` decodes as empty.
    public var options: [String: String]

    /// Creates a request.
    public init(poolID: String, address: String = "", options: [String: String] = [:]) {
        self.poolID = poolID
        self.address = address
        self.options = options
    }

    enum CodingKeys: String, CodingKey {
        case poolID = "PoolID"
        case address = "Address"
        case options = "Options"
    }

    /// Decodes tolerantly; only `PoolID` is required.
    ///
    /// - Throws: `DecodingError` when `PoolID` is missing or a field has the wrong type.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        poolID = try container.requiredString(.poolID)
        address = try container.string(.address)
        options = try container.stringMap(.options)
    }
}

extension RequestAddressRequest {
    /// Whether this asks for the network's gateway (`RequestAddressType` = `com.docker.network.gateway`).
    public var isGatewayRequest: Bool {
        options[OptionKey.requestAddressType] == OptionKey.gateway
    }

    /// The MAC Docker generated for an IPAM with `RequiresMACAddress`, as `"aa:bb:…"`.
    public var macAddressOption: String? {
        options[OptionKey.macAddress].flatMap(MACAddress.normalize)
    }
}

/// The answer to `IpamDriver.RequestAddress` (Go `RequestAddressResponse`).
public struct RequestAddressResponse: Codable, Sendable, Equatable {
    /// The address in CIDR form; its prefix length goes on the container interface.
    public var address: String
    /// Extra data; omitted when empty.
    public var data: [String: String]

    /// Creates a response.
    public init(address: String, data: [String: String] = [:]) {
        self.address = address
        self.data = data
    }

    enum CodingKeys: String, CodingKey {
        case address = "Address"
        case data = "Data"
    }

    /// Decodes tolerantly: missing fields are zero values.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        address = try container.string(.address)
        data = try container.stringMap(.data)
    }

    /// Encodes `Address`, and `Data` only when non-empty.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(address, forKey: .address)
        if !data.isEmpty { try container.encode(data, forKey: .data) }
    }
}

/// The body of `IpamDriver.ReleaseAddress` (Go `ReleaseAddressRequest`).
public struct ReleaseAddressRequest: Codable, Sendable, Equatable {
    /// The pool the address came from. Required.
    public var poolID: String
    /// The bare IP to release, without a mask.
    public var address: String

    /// Creates a request.
    public init(poolID: String, address: String) {
        self.poolID = poolID
        self.address = address
    }

    enum CodingKeys: String, CodingKey {
        case poolID = "PoolID"
        case address = "Address"
    }

    /// Decodes tolerantly; only `PoolID` is required.
    ///
    /// - Throws: `DecodingError` when `PoolID` is missing.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        poolID = try container.requiredString(.poolID)
        address = try container.string(.address)
    }
}
