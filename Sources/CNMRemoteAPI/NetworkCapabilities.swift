// NetworkDriver.GetCapabilities response.
// Source: https://github.com/moby/moby/blob/v20.10.24/vendor/github.com/docker/libnetwork/drivers/remote/api/api.go (GetCapabilityResponse)

/// The answer to `NetworkDriver.GetCapabilities` (Go `GetCapabilityResponse`).
public struct NetworkCapabilities: Codable, Sendable, Equatable {
    /// Data scope, exactly `"local"` or `"global"`; anything else fails registration.
    public var scope: String
    /// Connectivity scope, `"local"`, `"global"` or `""` (then it defaults to `scope`).
    public var connectivityScope: String
    /// Newer engines only: ask Docker to call `NetworkDriver.GwAllocCheck`. Omitted when `nil`.
    public var gwAllocChecker: Bool?

    /// Creates capabilities; the default is a local-scope driver.
    public init(scope: String = "local", connectivityScope: String = "local", gwAllocChecker: Bool? = nil) {
        self.scope = scope
        self.connectivityScope = connectivityScope
        self.gwAllocChecker = gwAllocChecker
    }

    enum CodingKeys: String, CodingKey {
        case scope = "Scope"
        case connectivityScope = "ConnectivityScope"
        case gwAllocChecker = "GwAllocChecker"
    }

    /// Decodes tolerantly: missing scopes are `""`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        scope = try container.string(.scope)
        connectivityScope = try container.string(.connectivityScope)
        gwAllocChecker = try container.decodeIfPresent(Bool.self, forKey: .gwAllocChecker)
    }
}
