// Drivers for the fuzz target: never throw, and answer with data taken from the request, so the
// encoding side sees the same hostile strings as the decoding side.

/// A network driver that touches every derived accessor and echoes request values back.
struct EchoNetworkDriver: NetworkDriver {
    func getCapabilities() throws -> NetworkCapabilities { NetworkCapabilities() }

    func createNetwork(_ request: CreateNetworkRequest) throws {
        // The accessors an adapter reads: they parse option values and must not trap.
        _ = (request.genericOptions, request.enableIPv6, request.enableIPv4, request.internal, request.mtu)
    }

    func deleteNetwork(_ request: DeleteNetworkRequest) throws {}

    func createEndpoint(_ request: CreateEndpointRequest) throws -> CreateEndpointResponse {
        _ = (request.macAddressOption, request.interfaceNameOption, request.dnsServers, request.driverOptions)
        _ = (request.portMappings, request.exposedPorts)
        return CreateEndpointResponse(
            interface: EndpointInterface(
                address: request.interface.address, addressIPv6: request.interface.addressIPv6,
                macAddress: request.macAddressOption ?? request.interface.macAddress))
    }

    func endpointOperInfo(_ request: EndpointInfoRequest) throws -> EndpointInfoResponse {
        EndpointInfoResponse(value: ["id": .string(request.endpointID)])
    }

    func deleteEndpoint(_ request: DeleteEndpointRequest) throws {}

    func join(_ request: JoinRequest) throws -> JoinResponse {
        _ = (request.portMappings, request.exposedPorts)
        return JoinResponse(
            interfaceName: InterfaceName(srcName: request.endpointID, dstPrefix: request.sandboxKey),
            gateway: request.networkID)
    }

    func allocateNetwork(_ request: AllocateNetworkRequest) throws -> AllocateNetworkResponse {
        AllocateNetworkResponse(options: request.options)
    }

    func gwAllocCheck(_ request: GwAllocCheckRequest) throws -> GwAllocCheckResponse {
        GwAllocCheckResponse(skipIPv4: request.options.isEmpty, skipIPv6: !request.options.isEmpty)
    }
}

/// An IPAM driver that echoes pools and addresses back.
struct EchoIPAMDriver: IPAMDriver {
    func getDefaultAddressSpaces() throws -> AddressSpacesResponse {
        AddressSpacesResponse(localDefaultAddressSpace: "CnmLocal", globalDefaultAddressSpace: "CnmGlobal")
    }

    func requestPool(_ request: RequestPoolRequest) throws -> RequestPoolResponse {
        RequestPoolResponse(poolID: request.addressSpace + "/" + request.pool, pool: request.pool, data: request.options)
    }

    func releasePool(_ request: ReleasePoolRequest) throws {}

    func requestAddress(_ request: RequestAddressRequest) throws -> RequestAddressResponse {
        _ = (request.isGatewayRequest, request.macAddressOption)
        return RequestAddressResponse(address: request.address, data: request.options)
    }

    func releaseAddress(_ request: ReleaseAddressRequest) throws {}
}
