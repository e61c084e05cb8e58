// The error body every call may return.
// Source: https://github.com/moby/moby/blob/v20.10.24/vendor/github.com/docker/libnetwork/drivers/remote/api/api.go (Response)

/// `{"Err": "<message>"}`, the error body for both interfaces.
///
/// The IPAM API's own 200-status field is `Error`, but a non-200 status with `Err`
/// is read by both interfaces (cnm-protocol.md §2.1), so the dispatcher always
/// answers errors this way.
public struct ErrorResponse: Codable, Sendable, Equatable {
    /// The message Docker shows as `<Iface>.<Method>: <message>`.
    public var err: String

    /// Creates an error body.
    public init(err: String) {
        self.err = err
    }

    enum CodingKeys: String, CodingKey {
        case err = "Err"
    }

    /// Decodes tolerantly: a missing message is `""`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        err = try container.string(.err)
    }
}
