// A CIDR prefix (network address + length) or an address with its prefix length.

/// An address with a prefix length, as in `10.1.2.3/24` or `fd00::/64`.
public struct IPPrefix: Hashable, Sendable, CustomStringConvertible {
    /// The address as written (not necessarily the network address).
    public var address: IPAddress
    /// Prefix length in bits.
    public var length: Int

    public init(address: IPAddress, length: Int) {
        self.address = address
        self.length = length
    }

    /// Parses `ADDRESS/LENGTH`.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let address = IPAddress(parts[0]), parts[1].allSatisfy(\.isNumber),
            let length = Int(parts[1]), (0...address.bitWidth).contains(length)
        else { return nil }
        self.init(address: address, length: length)
    }

    /// The netmask as a number of the family's width.
    private var mask: UInt128 {
        let width = address.bitWidth
        if length == 0 { return 0 }
        let ones: UInt128 = width == 128 ? .max : (UInt128(1) << 32) - 1
        return (ones << (width - length)) & ones
    }

    /// The network address (host bits cleared).
    public var network: IPAddress {
        let value = address.numeric & mask
        return address.isV6 ? .v6(value) : .v4(UInt32(truncatingIfNeeded: value))
    }

    /// The prefix in canonical form (`10.1.2.0/24`).
    public var canonical: IPPrefix { IPPrefix(address: network, length: length) }

    /// Number of addresses covered (saturating at `UInt128.max`).
    public var size: UInt128 {
        let hostBits = address.bitWidth - length
        return hostBits >= 128 ? .max : UInt128(1) << hostBits
    }

    /// The last address of the prefix (the IPv4 broadcast address).
    public var last: IPAddress { network.advanced(by: size &- 1) }

    /// Whether `other` lies inside this prefix (same family).
    public func contains(_ other: IPAddress) -> Bool {
        other.isV6 == address.isV6 && (other.numeric & mask) == (address.numeric & mask)
    }

    /// Whether the two prefixes share any address.
    public func overlaps(_ other: IPPrefix) -> Bool {
        guard other.address.isV6 == address.isV6 else { return false }
        return contains(other.network) || other.contains(network)
    }

    public var description: String { "\(address)/\(length)" }
}
