// IpamDriver: pools and addresses from the persisted address book.

import CNMRemoteAPI
import Datapath

extension Adapter {
    public func getDefaultAddressSpaces() throws -> AddressSpacesResponse {
        AddressSpacesResponse(
            localDefaultAddressSpace: config.localAddressSpace, globalDefaultAddressSpace: config.globalAddressSpace)
    }

    public func requestPool(_ request: RequestPoolRequest) throws -> RequestPoolResponse {
        // Any AddressSpace is accepted: 20.10 keeps using a name cached from an earlier plugin
        // (translation-findings §2.11).
        // Options are the user's --ipam-opt only (Docker adds none: both engines' traces). Our
        // IPAM has no setting they could choose, so each is refused rather than ignored.
        if let key = request.options.keys.sorted().first {
            throw AdapterError(
                "unknown IPAM option \(InputValidation.printable(key)) (--ipam-opt): the cni-adapter IPAM takes none; for CNI IPAM settings back the network with a conflist (-o cni.network=NAME)")
        }
        let routes = request.pool.isEmpty ? host.hostRoutes().compactMap { IPPrefix($0) } : []
        let record = try store.updateBook { book in
            try book.requestPool(
                pool: request.pool, subPool: request.subPool, v6: request.v6, hostRoutes: routes,
                randomV6: { UInt64.random(in: 0 ... .max) })
        }
        logger.info("pool allocated", [("pool", record.pool), ("id", record.id)])
        return RequestPoolResponse(poolID: record.id, pool: record.pool)
    }

    public func releasePool(_ request: ReleasePoolRequest) throws {
        try store.updateBook { $0.releasePool(request.poolID) }
    }

    public func requestAddress(_ request: RequestAddressRequest) throws -> RequestAddressResponse {
        let address = try store.updateBook { book in
            try book.requestAddress(poolID: request.poolID, address: request.address, gateway: request.isGatewayRequest)
        }
        return RequestAddressResponse(address: address)
    }

    public func releaseAddress(_ request: ReleaseAddressRequest) throws {
        try store.updateBook { $0.releaseAddress(poolID: request.poolID, address: request.address) }
    }
}
