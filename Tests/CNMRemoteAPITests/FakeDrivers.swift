// Recording fakes for the two driver protocols (style anchor §3.3: `received` / `returns`).

import Synchronization
@testable import CNMRemoteAPI

/// A network driver that records each call and can be told to fail one.
final class FakeNetworkDriver: NetworkDriver {
    /// Call names in arrival order, e.g. `"Join"`.
    let received = Mutex<[String]>([])
    /// The call that throws, and what it throws.
    let failing: (call: String, error: any Error)?

    init(failing: (call: String, error: any Error)? = nil) {
        self.failing = failing
    }

    var calls: [String] { received.withLock { $0 } }

    private func record(_ call: String) throws {
        received.withLock { $0.append(call) }
        if let failing, failing.call == call { throw failing.error }
    }

    func getCapabilities() throws -> NetworkCapabilities {
        try record("GetCapabilities")
        return NetworkCapabilities()
    }
    func createNetwork(_ request: CreateNetworkRequest) throws { try record("CreateNetwork") }
    func deleteNetwork(_ request: DeleteNetworkRequest) throws { try record("DeleteNetwork") }
    func createEndpoint(_ request: CreateEndpointRequest) throws -> CreateEndpointResponse {
        try record("CreateEndpoint")
        // Like a null-IPAM network: fill in only what Docker left empty.
        return CreateEndpointResponse(
            interface: request.interface.address.isEmpty ? EndpointInterface(address: "10.9.0.2/24") : nil)
    }
    func deleteEndpoint(_ request: DeleteEndpointRequest) throws { try record("DeleteEndpoint") }
    func join(_ request: JoinRequest) throws -> JoinResponse {
        try record("Join")
        return JoinResponse(
            interfaceName: InterfaceName(srcName: "cnc" + request.endpointID.prefix(8)), gateway: "10.9.0.1")
    }
}

/// An IPAM driver that records each call and can be told to fail one.
final class FakeIPAMDriver: IPAMDriver {
    let received = Mutex<[String]>([])
    let failing: (call: String, error: any Error)?

    init(failing: (call: String, error: any Error)? = nil) {
        self.failing = failing
    }

    var calls: [String] { received.withLock { $0 } }

    private func record(_ call: String) throws {
        received.withLock { $0.append(call) }
        if let failing, failing.call == call { throw failing.error }
    }

    func getDefaultAddressSpaces() throws -> AddressSpacesResponse {
        try record("GetDefaultAddressSpaces")
        return AddressSpacesResponse(localDefaultAddressSpace: "CnmLocal", globalDefaultAddressSpace: "CnmGlobal")
    }
    func requestPool(_ request: RequestPoolRequest) throws -> RequestPoolResponse {
        try record("RequestPool")
        let pool = request.pool.isEmpty ? (request.v6 ? "fd00:cafe::/64" : "10.9.0.0/24") : request.pool
        return RequestPoolResponse(poolID: "CnmLocal/" + pool, pool: pool)
    }
    func releasePool(_ request: ReleasePoolRequest) throws { try record("ReleasePool") }
    func requestAddress(_ request: RequestAddressRequest) throws -> RequestAddressResponse {
        try record("RequestAddress")
        return RequestAddressResponse(address: (request.address.isEmpty ? "10.9.0.2" : request.address) + "/24")
    }
    func releaseAddress(_ request: ReleaseAddressRequest) throws { try record("ReleaseAddress") }
}
