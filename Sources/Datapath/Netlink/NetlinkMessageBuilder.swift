// A pure builder for one netlink request: header, family header, attributes, via libmnl.

import CMnl

/// Writes attributes into a message under construction (libmnl's `mnl_attr_put*`).
///
/// Only valid inside the closure given to `NetlinkMessageBuilder.build`; the pointer never escapes.
struct AttributeWriter {
    fileprivate let nlh: UnsafeMutablePointer<nlmsghdr>

    /// A 32-bit attribute in host byte order.
    func u32(_ type: UInt16, _ value: UInt32) { mnl_attr_put_u32(nlh, type, value) }

    /// An 8-bit attribute.
    func u8(_ type: UInt16, _ value: UInt8) { mnl_attr_put_u8(nlh, type, value) }

    /// A NUL-terminated string attribute.
    func string(_ type: UInt16, _ value: String) { mnl_attr_put_strz(nlh, type, value) }

    /// A raw byte attribute (addresses, MACs).
    func bytes(_ type: UInt16, _ value: [UInt8]) {
        value.withUnsafeBytes { mnl_attr_put(nlh, type, $0.count, $0.baseAddress) }
    }

    /// A nested attribute whose payload `body` writes.
    func nested(_ type: UInt16, _ body: (AttributeWriter) -> Void) {
        guard let start = mnl_attr_nest_start(nlh, type) else { return }
        body(self)
        mnl_attr_nest_end(nlh, start)
    }

    /// Raw aligned bytes at the tail, e.g. the `ifinfomsg` that opens a veth peer's attributes.
    func header(_ value: [UInt8]) {
        let tail = mnl_nlmsg_put_extra_header(nlh, value.count).assumingMemoryBound(to: UInt8.self)
        for (i, byte) in value.enumerated() { tail[i] = byte }
    }
}

/// Lays out `nlmsghdr` + a family header + attributes and returns the bytes.
enum NetlinkMessageBuilder {
    /// Builds one message.
    /// - Parameters:
    ///   - type: `RTM_*`.
    ///   - flags: `NLM_F_*`.
    ///   - seq: the sequence number (a parameter so golden tests are deterministic).
    ///   - header: the family header bytes (`ifinfomsg`, `ifaddrmsg`, `rtmsg`).
    static func build(
        type: UInt16, flags: UInt16, seq: UInt32, header: [UInt8], _ attributes: (AttributeWriter) -> Void = { _ in }
    ) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: 2048)
        let length = buffer.withUnsafeMutableBytes { raw -> Int in
            guard let base = raw.baseAddress, let nlh = mnl_nlmsg_put_header(base) else { return 0 }
            nlh.pointee.nlmsg_type = type
            nlh.pointee.nlmsg_flags = flags
            nlh.pointee.nlmsg_seq = seq
            // Port id 0: the kernel fills in the sender.
            nlh.pointee.nlmsg_pid = 0
            let writer = AttributeWriter(nlh: nlh)
            writer.header(header)
            attributes(writer)
            return Int(nlh.pointee.nlmsg_len)
        }
        return Array(buffer[0..<length])
    }

    /// `struct ifinfomsg` (16 bytes).
    static func ifinfomsg(family: UInt8 = RTNL.unspec, index: Int32, flags: UInt32 = 0, change: UInt32 = 0) -> [UInt8] {
        [family, 0, 0, 0] + le32(UInt32(bitPattern: index)) + le32(flags) + le32(change)
    }

    /// `struct ifaddrmsg` (8 bytes).
    static func ifaddrmsg(family: UInt8, prefixLength: UInt8, flags: UInt8, scope: UInt8, index: Int32) -> [UInt8] {
        [family, prefixLength, flags, scope] + le32(UInt32(bitPattern: index))
    }

    /// `struct rtmsg` (12 bytes).
    static func rtmsg(
        family: UInt8, dstLength: UInt8, table: UInt8, protocol proto: UInt8, scope: UInt8, type: UInt8
    ) -> [UInt8] {
        [family, dstLength, 0, 0, table, proto, scope, type] + le32(0)
    }

    /// A 32-bit value in host (little-endian on every target we build) byte order.
    static func le32(_ value: UInt32) -> [UInt8] {
        (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }
}
