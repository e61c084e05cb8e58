// The link operations the adapter needs, as a small facade over a transport.

import AdapterOS

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// Link operations in one namespace (the one the transport's socket lives in).
public struct Links {
    let transport: any NetlinkTransport

    /// Wraps a transport (a real `NetlinkSocket` or a test fake).
    public init(_ transport: any NetlinkTransport) { self.transport = transport }

    /// The link named `name`, or nil when there is none (`ENODEV`).
    public func get(_ name: String) throws -> LinkInfo? {
        do {
            let replies = try transport.request(
                LinkMessages.get(name: name, seq: transport.nextSequence()), operation: "get link \(name)")
            return replies.lazy.compactMap(LinkInfo.parse).first
        } catch let error as SystemError where error.errno == ENODEV {
            return nil
        }
    }

    /// Every link in the namespace.
    public func all() throws -> [LinkInfo] {
        try transport.request(LinkMessages.dump(seq: transport.nextSequence()), operation: "list links")
            .compactMap(LinkInfo.parse)
    }

    /// Moves `name` into the namespace open at `netnsFD`, renamed to `newName` there.
    /// - Returns: false when `name` does not exist here (nothing to move).
    @discardableResult
    public func move(_ name: String, toNetnsFD netnsFD: Int32, as newName: String) throws -> Bool {
        guard let link = try get(name) else { return false }
        _ = try transport.request(
            LinkMessages.move(index: link.index, toNetnsFD: netnsFD, newName: newName, seq: transport.nextSequence()),
            operation: "move link \(name) to another netns as \(newName)")
        return true
    }

    /// Deletes `name`; a link that is already gone is not an error.
    public func delete(_ name: String) throws {
        guard let link = try get(name) else { return }
        do {
            _ = try transport.request(
                LinkMessages.delete(index: link.index, seq: transport.nextSequence()), operation: "delete link \(name)")
        } catch let error as SystemError where error.errno == ENODEV {
            return
        }
    }

    /// Sets the MTU of `name`.
    public func setMTU(_ name: String, _ mtu: UInt32) throws {
        guard let link = try get(name) else { throw SystemError("set mtu of \(name)", errno: ENODEV) }
        _ = try transport.request(
            LinkMessages.setMTU(index: link.index, mtu: mtu, seq: transport.nextSequence()),
            operation: "set mtu \(mtu) on \(name)")
    }
}
