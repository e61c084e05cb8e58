// Requests that carry only a network and an endpoint ID.
// Source: https://github.com/moby/moby/blob/v20.10.24/vendor/github.com/docker/libnetwork/drivers/remote/api/api.go
// (DeleteEndpointRequest, EndpointInfoRequest, LeaveRequest, RevokeExternalConnectivityRequest)

/// The body of `NetworkDriver.DeleteEndpoint` (Go `DeleteEndpointRequest`).
public struct DeleteEndpointRequest: Codable, Sendable, Equatable {
    /// The network ID. Required.
    public var networkID: String
    /// The endpoint ID. Required.
    public var endpointID: String

    /// Creates a request.
    public init(networkID: String, endpointID: String) {
        self.networkID = networkID
        self.endpointID = endpointID
    }

    enum CodingKeys: String, CodingKey {
        case networkID = "NetworkID"
        case endpointID = "EndpointID"
    }

    /// Decodes tolerantly; both IDs are required.
    ///
    /// - Throws: `DecodingError` when an ID is missing.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        networkID = try container.requiredString(.networkID)
        endpointID = try container.requiredString(.endpointID)
    }
}

/// The body of `NetworkDriver.EndpointOperInfo` (Go `EndpointInfoRequest`).
public struct EndpointInfoRequest: Codable, Sendable, Equatable {
    /// The network ID. Required.
    public var networkID: String
    /// The endpoint ID. Required.
    public var endpointID: String

    /// Creates a request.
    public init(networkID: String, endpointID: String) {
        self.networkID = networkID
        self.endpointID = endpointID
    }

    enum CodingKeys: String, CodingKey {
        case networkID = "NetworkID"
        case endpointID = "EndpointID"
    }

    /// Decodes tolerantly; both IDs are required.
    ///
    /// - Throws: `DecodingError` when an ID is missing.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        networkID = try container.requiredString(.networkID)
        endpointID = try container.requiredString(.endpointID)
    }
}

/// The body of `NetworkDriver.Leave` (Go `LeaveRequest`).
public struct LeaveRequest: Codable, Sendable, Equatable {
    /// The network ID. Required.
    public var networkID: String
    /// The endpoint ID. Required.
    public var endpointID: String

    /// Creates a request.
    public init(networkID: String, endpointID: String) {
        self.networkID = networkID
        self.endpointID = endpointID
    }

    enum CodingKeys: String, CodingKey {
        case networkID = "NetworkID"
        case endpointID = "EndpointID"
    }

    /// Decodes tolerantly; both IDs are required.
    ///
    /// - Throws: `DecodingError` when an ID is missing.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        networkID = try container.requiredString(.networkID)
        endpointID = try container.requiredString(.endpointID)
    }
}

/// The body of `NetworkDriver.RevokeExternalConnectivity` (Go `RevokeExternalConnectivityRequest`).
public struct RevokeExternalConnectivityRequest: Codable, Sendable, Equatable {
    /// The network ID. Required.
    public var networkID: String
    /// The endpoint ID. Required.
    public var endpointID: String

    /// Creates a request.
    public init(networkID: String, endpointID: String) {
        self.networkID = networkID
        self.endpointID = endpointID
    }

    enum CodingKeys: String, CodingKey {
        case networkID = "NetworkID"
        case endpointID = "EndpointID"
    }

    /// Decodes tolerantly; both IDs are required.
    ///
    /// - Throws: `DecodingError` when an ID is missing.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        networkID = try container.requiredString(.networkID)
        endpointID = try container.requiredString(.endpointID)
    }
}
