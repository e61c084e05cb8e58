// NetworkDriver.EndpointOperInfo response.
// Source: https://github.com/moby/moby/blob/v20.10.24/vendor/github.com/docker/libnetwork/drivers/remote/api/api.go (EndpointInfoResponse)

/// The answer to `NetworkDriver.EndpointOperInfo` (Go `EndpointInfoResponse`).
///
/// Docker cannot use port maps reported here for a remote driver (cnm-protocol.md §3.5),
/// so `{"Value": {}}` is the normal answer.
public struct EndpointInfoResponse: Codable, Sendable, Equatable {
    /// Free-form operational data; always encoded, `{}` when empty.
    public var value: [String: JSONValue]

    /// Creates a response; the default is `{"Value": {}}`.
    public init(value: [String: JSONValue] = [:]) {
        self.value = value
    }

    enum CodingKeys: String, CodingKey {
        case value = "Value"
    }

    /// Decodes tolerantly: a missing or null map is empty.
    public init(from decoder: any Decoder) throws {
        value = try decoder.container(keyedBy: CodingKeys.self).object(.value)
    }
}
