// The IpamDriver interface of Docker's remote IPAM protocol, as a Swift protocol.
// Source: https://github.com/moby/moby/blob/v20.10.24/vendor/github.com/docker/libnetwork/ipams/remote/remote.go

/// A CNM IPAM driver: one method per `/IpamDriver.*` call.
///
/// Synchronous and blocking, like ``NetworkDriver``; must be thread-safe.
public protocol IPAMDriver: Sendable {
    /// `GetCapabilities`: optional for Docker; an error registers empty capabilities.
    ///
    /// - Throws: Any error.
    func getCapabilities() throws -> IPAMCapabilities

    /// `GetDefaultAddressSpaces`: mandatory; an error fails IPAM registration.
    ///
    /// - Throws: Any error.
    func getDefaultAddressSpaces() throws -> AddressSpacesResponse

    /// `RequestPool`: return a pool; a repeated `Pool: ""` request needs a different pool.
    ///
    /// - Throws: Any error; Docker fails the network create.
    func requestPool(_ request: RequestPoolRequest) throws -> RequestPoolResponse

    /// `ReleasePool`.
    ///
    /// - Throws: Any error.
    func releasePool(_ request: ReleasePoolRequest) throws

    /// `RequestAddress`: return a CIDR address; an empty one is an error for Docker.
    ///
    /// - Throws: Any error; Docker fails the create or start.
    func requestAddress(_ request: RequestAddressRequest) throws -> RequestAddressResponse

    /// `ReleaseAddress`.
    ///
    /// - Throws: Any error.
    func releaseAddress(_ request: ReleaseAddressRequest) throws
}

extension IPAMDriver {
    /// Neither MAC addresses nor request replay.
    public func getCapabilities() throws -> IPAMCapabilities { .init() }
}
