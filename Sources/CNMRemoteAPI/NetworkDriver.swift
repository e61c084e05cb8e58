// The NetworkDriver interface of Docker's remote driver protocol, as a Swift protocol.
// Source: https://github.com/moby/moby/blob/v20.10.24/vendor/github.com/docker/libnetwork/drivers/remote/driver.go

/// A CNM network driver: one method per `/NetworkDriver.*` call.
///
/// Methods are synchronous and may block: each plugin connection is served on
/// its own thread, and the work is syscalls and subprocesses. Docker sends calls
/// concurrently, so implementations must be thread-safe. A thrown error reaches
/// Docker as HTTP 500 `{"Err": …}`; see ``DriverError``.
public protocol NetworkDriver: Sendable {
    /// `GetCapabilities`: scope and connectivity scope.
    ///
    /// - Throws: Any error; Docker then does not register the driver.
    func getCapabilities() throws -> NetworkCapabilities

    /// `CreateNetwork`: set up the network. Never replayed after a daemon restart.
    ///
    /// - Throws: Any error; Docker releases the IPAM pool and fails the create.
    func createNetwork(_ request: CreateNetworkRequest) throws

    /// `DeleteNetwork`: tear the network down. Docker ignores errors.
    ///
    /// - Throws: Any error (logged by Docker only).
    func deleteNetwork(_ request: DeleteNetworkRequest) throws

    /// `CreateEndpoint`: prepare an endpoint; return only fields Docker sent empty.
    ///
    /// - Throws: Any error; Docker releases the address and fails the start.
    func createEndpoint(_ request: CreateEndpointRequest) throws -> CreateEndpointResponse

    /// `EndpointOperInfo`: operational data (default `{"Value": {}}`).
    ///
    /// - Throws: Any error.
    func endpointOperInfo(_ request: EndpointInfoRequest) throws -> EndpointInfoResponse

    /// `DeleteEndpoint`: release everything the endpoint holds. Docker ignores errors.
    ///
    /// - Throws: Any error (logged by Docker only).
    func deleteEndpoint(_ request: DeleteEndpointRequest) throws

    /// `Join`: provide the host-side link, gateways and routes for the sandbox.
    ///
    /// - Throws: Any error; Docker sends DeleteEndpoint (no Leave).
    func join(_ request: JoinRequest) throws -> JoinResponse

    /// `Leave`: the sandbox leaves (default no-op). Clean up in DeleteEndpoint instead.
    ///
    /// - Throws: Any error (logged by Docker only).
    func leave(_ request: LeaveRequest) throws

    /// `DiscoverNew` (default no-op; never sent to a local-scope driver).
    ///
    /// - Throws: Any error.
    func discoverNew(_ notification: DiscoveryNotification) throws

    /// `DiscoverDelete` (default no-op).
    ///
    /// - Throws: Any error.
    func discoverDelete(_ notification: DiscoveryNotification) throws

    /// `ProgramExternalConnectivity`: publish ports for the gateway endpoint (default no-op).
    ///
    /// - Throws: Any error; Docker fails the container start.
    func programExternalConnectivity(_ request: ProgramExternalConnectivityRequest) throws

    /// `RevokeExternalConnectivity`: undo ProgramExternalConnectivity (default no-op).
    /// May arrive without a prior Program.
    ///
    /// - Throws: Any error.
    func revokeExternalConnectivity(_ request: RevokeExternalConnectivityRequest) throws

    /// `AllocateNetwork` (swarm manager only; default `{"Options": {}}`).
    ///
    /// - Throws: Any error.
    func allocateNetwork(_ request: AllocateNetworkRequest) throws -> AllocateNetworkResponse

    /// `FreeNetwork` (swarm manager only; default no-op).
    ///
    /// - Throws: Any error.
    func freeNetwork(_ request: FreeNetworkRequest) throws

    /// `GwAllocCheck` (newer engines, only if advertised; default skips nothing).
    ///
    /// - Throws: Any error.
    func gwAllocCheck(_ request: GwAllocCheckRequest) throws -> GwAllocCheckResponse
}

extension NetworkDriver {
    /// Returns `{"Value": {}}`: Docker cannot use port data from a remote driver.
    public func endpointOperInfo(_ request: EndpointInfoRequest) throws -> EndpointInfoResponse { .init() }
    /// Does nothing; the interface is still in the sandbox at Leave.
    public func leave(_ request: LeaveRequest) throws {}
    /// Does nothing.
    public func discoverNew(_ notification: DiscoveryNotification) throws {}
    /// Does nothing.
    public func discoverDelete(_ notification: DiscoveryNotification) throws {}
    /// Does nothing.
    public func programExternalConnectivity(_ request: ProgramExternalConnectivityRequest) throws {}
    /// Does nothing.
    public func revokeExternalConnectivity(_ request: RevokeExternalConnectivityRequest) throws {}
    /// Returns `{"Options": {}}`.
    public func allocateNetwork(_ request: AllocateNetworkRequest) throws -> AllocateNetworkResponse { .init() }
    /// Does nothing.
    public func freeNetwork(_ request: FreeNetworkRequest) throws {}
    /// Skips nothing.
    public func gwAllocCheck(_ request: GwAllocCheckRequest) throws -> GwAllocCheckResponse { .init() }
}
