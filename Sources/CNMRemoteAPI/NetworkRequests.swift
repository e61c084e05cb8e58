// Requests that carry only a network ID.
// Source: https://github.com/moby/moby/blob/v20.10.24/vendor/github.com/docker/libnetwork/drivers/remote/api/api.go (DeleteNetworkRequest, FreeNetworkRequest)

/// The body of `NetworkDriver.DeleteNetwork` (Go `DeleteNetworkRequest`).
public struct DeleteNetworkRequest: Codable, Sendable, Equatable {
    /// The network ID. Required.
    public var networkID: String

    /// Creates a request.
    public init(networkID: String) {
        self.networkID = networkID
    }

    enum CodingKeys: String, CodingKey {
        case networkID = "NetworkID"
    }

    /// Decodes tolerantly; `NetworkID` is required.
    ///
    /// - Throws: `DecodingError` when `NetworkID` is missing.
    public init(from decoder: any Decoder) throws {
        networkID = try decoder.container(keyedBy: CodingKeys.self).requiredString(.networkID)
    }
}

/// The body of `NetworkDriver.FreeNetwork` (Go `FreeNetworkRequest`); swarm managers only.
public struct FreeNetworkRequest: Codable, Sendable, Equatable {
    /// The network ID. Required.
    public var networkID: String

    /// Creates a request.
    public init(networkID: String) {
        self.networkID = networkID
    }

    enum CodingKeys: String, CodingKey {
        case networkID = "NetworkID"
    }

    /// Decodes tolerantly; `NetworkID` is required.
    ///
    /// - Throws: `DecodingError` when `NetworkID` is missing.
    public init(from decoder: any Decoder) throws {
        networkID = try decoder.container(keyedBy: CodingKeys.self).requiredString(.networkID)
    }
}
