// Address operations in one namespace, over a transport.

import AdapterOS

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// Address operations in the namespace of the transport's socket.
public struct Addresses {
    private let transport: any NetlinkTransport

    /// Wraps a transport (a real `NetlinkSocket` or a test fake).
    public init(_ transport: any NetlinkTransport) { self.transport = transport }

    /// Adds `prefix` to link `index`; with `ensure`, an address already present is success.
    public func add(_ prefix: IPPrefix, index: Int32, linkName: String, ensure: Bool = false) throws {
        do {
            _ = try transport.request(
                AddressMessages.add(index: index, prefix, seq: transport.nextSequence()),
                operation: "add address \(prefix) to \(linkName)")
        } catch let error as SystemError where ensure && error.errno == EEXIST {
            return
        }
    }

    /// Removes `prefix` from link `index`; an absent address is success.
    public func delete(_ prefix: IPPrefix, index: Int32, linkName: String) throws {
        do {
            _ = try transport.request(
                AddressMessages.delete(index: index, prefix, seq: transport.nextSequence()),
                operation: "delete address \(prefix) from \(linkName)")
        } catch let error as SystemError where error.errno == EADDRNOTAVAIL || error.errno == ENODEV {
            return
        }
    }

    /// Every address in the namespace, or only link `index`'s.
    public func list(index: Int32? = nil) throws -> [AddressInfo] {
        try transport.request(AddressMessages.dump(seq: transport.nextSequence()), operation: "list addresses")
            .compactMap(AddressInfo.parse)
            .filter { index == nil || $0.index == index }
    }
}

/// Route operations in the namespace of the transport's socket.
public struct Routes {
    private let transport: any NetlinkTransport

    /// Wraps a transport (a real `NetlinkSocket` or a test fake).
    public init(_ transport: any NetlinkTransport) { self.transport = transport }

    /// Adds `route`; with `ensure`, an identical route already present is success.
    public func add(_ route: RouteSpec, ensure: Bool = false) throws {
        do {
            _ = try transport.request(
                RouteMessages.add(route, seq: transport.nextSequence()),
                operation: "add route \(route.destination)\(route.gateway.map { " via \($0)" } ?? "")")
        } catch let error as SystemError where ensure && error.errno == EEXIST {
            return
        }
    }

    /// Removes `route`; an absent route is success.
    public func delete(_ route: RouteSpec) throws {
        do {
            _ = try transport.request(
                RouteMessages.delete(route, seq: transport.nextSequence()), operation: "delete route \(route.destination)")
        } catch let error as SystemError where error.errno == ESRCH {
            return
        }
    }

    /// Every unicast route in the namespace (all tables), or only those leaving through link `index`.
    public func list(index: Int32? = nil) throws -> [RouteSpec] {
        try transport.request(RouteMessages.dump(seq: transport.nextSequence()), operation: "list routes")
            .compactMap(RouteSpec.parse)
            .filter { index == nil || $0.outputIndex == index }
    }
}
