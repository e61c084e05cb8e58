// Link creation and changes on top of the pure builders.

import AdapterOS

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

extension Links {
    /// Creates bridge `name` unless a link of that name exists.
    /// - Returns: the bridge and whether this call created it.
    /// - Throws: `SystemError(EEXIST)` when `name` exists but is not a bridge.
    public func ensureBridge(_ name: String, mtu: UInt32?) throws -> (link: LinkInfo, created: Bool) {
        if let existing = try get(name) {
            guard existing.kind == "bridge" else { throw SystemError("\(name) already exists but is not a bridge", errno: EEXIST) }
            return (existing, false)
        }
        var created = true
        do {
            _ = try transport.request(
                LinkMessages.newBridge(name: name, mtu: mtu, seq: transport.nextSequence()), operation: "create bridge \(name)")
        } catch let error as SystemError where error.errno == EEXIST {
            // A concurrent ADD created it first; fine if it is a bridge (checked below).
            created = false
        }
        guard let link = try get(name) else { throw SystemError("create bridge \(name)", errno: ENODEV) }
        guard link.kind == "bridge" else { throw SystemError("\(name) already exists but is not a bridge", errno: EEXIST) }
        return (link, created)
    }

    /// Creates a veth pair: `name` in this namespace, `peerName` in the namespace open at `peerNetnsFD`.
    /// - Throws: `SystemError(EEXIST)` when either name is taken in its namespace.
    public func createVeth(name: String, peerName: String, peerNetnsFD: Int32, mtu: UInt32?, mac: [UInt8]?) throws {
        _ = try transport.request(
            LinkMessages.newVeth(
                name: name, peerName: peerName, peerNetnsFD: peerNetnsFD, mtu: mtu, mac: mac, seq: transport.nextSequence()),
            operation: "create veth \(name) with peer \(peerName)")
    }

    /// Applies `change` to link `index` (up/down, promisc, master, MTU, MAC, rename).
    public func set(index: Int32, _ change: LinkChange, name: String) throws {
        _ = try transport.request(
            LinkMessages.set(index: index, change, seq: transport.nextSequence()), operation: "change link \(name)")
    }

    /// Applies `change` to the link named `name`.
    public func set(_ name: String, _ change: LinkChange) throws {
        guard let link = try get(name) else { throw SystemError("change link \(name)", errno: ENODEV) }
        try set(index: link.index, change, name: name)
    }

    /// Turns hairpin mode on or off on bridge port `name`.
    public func setHairpin(_ name: String, on: Bool) throws {
        guard let link = try get(name) else { throw SystemError("set hairpin on \(name)", errno: ENODEV) }
        _ = try transport.request(
            LinkMessages.setHairpin(index: link.index, on: on, seq: transport.nextSequence()),
            operation: "set hairpin \(on ? "on" : "off") on \(name)")
    }

    /// Renames `name` to `newName` (the link must be down).
    public func rename(_ name: String, to newName: String) throws {
        try set(name, LinkChange(name: newName))
    }
}

/// Parses `aa:bb:cc:dd:ee:ff` into 6 bytes; nil when malformed.
public func parseMAC(_ text: String) -> [UInt8]? {
    let parts = text.split(separator: ":", omittingEmptySubsequences: false)
    guard parts.count == 6 else { return nil }
    let bytes = parts.compactMap { $0.count == 2 ? UInt8($0, radix: 16) : nil }
    return bytes.count == 6 ? bytes : nil
}
