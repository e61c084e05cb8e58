// IP addresses and prefixes as numbers, for allocation and containment checks.

/// An IPv4 or IPv6 address held as an integer.
public enum IPAddress: Hashable, Comparable, Sendable, CustomStringConvertible {
    case v4(UInt32)
    case v6(UInt128)

    /// Parses dotted IPv4 or RFC 4291 IPv6 text (with `::` and an embedded IPv4 tail).
    public init?(_ text: some StringProtocol) {
        if text.contains(":") {
            guard let value = Self.parseV6(String(text)) else { return nil }
            self = .v6(value)
        } else {
            guard let value = Self.parseV4(String(text)) else { return nil }
            self = .v4(value)
        }
    }

    /// True for IPv6.
    public var isV6: Bool {
        if case .v6 = self { return true }
        return false
    }

    /// Address width in bits (32 or 128).
    public var bitWidth: Int { isV6 ? 128 : 32 }

    /// The address as a 128-bit number (IPv4 in the low 32 bits).
    public var numeric: UInt128 {
        switch self {
        case .v4(let v): UInt128(v)
        case .v6(let v): v
        }
    }

    /// The address of the same family `offset` above this one (wrapping).
    public func advanced(by offset: UInt128) -> IPAddress {
        switch self {
        case .v4(let v): .v4(v &+ UInt32(truncatingIfNeeded: offset))
        case .v6(let v): .v6(v &+ offset)
        }
    }

    /// The raw bytes in network order (4 or 16).
    public var bytes: [UInt8] {
        switch self {
        case .v4(let v): return (0..<4).map { UInt8(truncatingIfNeeded: v >> (24 - 8 * $0)) }
        case .v6(let v): return (0..<16).map { UInt8(truncatingIfNeeded: v >> (120 - 8 * $0)) }
        }
    }

    public var description: String {
        switch self {
        case .v4: return bytes.map(String.init).joined(separator: ".")
        case .v6(let value): return Self.formatV6(value)
        }
    }

    public static func < (a: IPAddress, b: IPAddress) -> Bool {
        (a.isV6 ? 1 : 0, a.numeric) < (b.isV6 ? 1 : 0, b.numeric)
    }

    private static func parseV4(_ text: String) -> UInt32? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy(\.isASCII), let octet = UInt8(part),
                part == "0" || !part.hasPrefix("0")
            else { return nil }
            value = value << 8 | UInt32(octet)
        }
        return value
    }

    private static func parseV6(_ text: String) -> UInt128? {
        guard text.count <= 45, !text.contains(":::") else { return nil }
        // Split on the one allowed "::" without Foundation.
        var halves: [String] = []
        if let range = text.firstRange(of: "::") {
            halves = [String(text[..<range.lowerBound]), String(text[range.upperBound...])]
            if halves[1].contains("::") { return nil }
        } else {
            halves = [text]
        }
        guard halves.count <= 2 else { return nil }
        func groups(_ part: String) -> [UInt16]? {
            if part.isEmpty { return [] }
            var out: [UInt16] = []
            let items = part.split(separator: ":", omittingEmptySubsequences: false)
            for (i, item) in items.enumerated() {
                if i == items.count - 1, item.contains(".") {
                    guard let v4 = parseV4(String(item)) else { return nil }
                    out.append(UInt16(v4 >> 16))
                    out.append(UInt16(v4 & 0xffff))
                } else {
                    guard (1...4).contains(item.count), let g = UInt16(item, radix: 16) else { return nil }
                    out.append(g)
                }
            }
            return out
        }
        guard let head = groups(halves[0]) else { return nil }
        let tail = halves.count == 2 ? groups(halves[1]) : []
        guard let tail else { return nil }
        let count = head.count + tail.count
        if halves.count == 1 && count != 8 { return nil }
        if halves.count == 2 && count > 7 { return nil }
        let all = head + [UInt16](repeating: 0, count: 8 - count) + tail
        return all.reduce(UInt128(0)) { $0 << 16 | UInt128($1) }
    }

    /// RFC 5952 text: lowercase, longest zero run (≥ 2 groups) as `::`.
    private static func formatV6(_ value: UInt128) -> String {
        let groups = (0..<8).map { UInt16(truncatingIfNeeded: value >> (112 - 16 * $0)) }
        var best = (start: -1, length: 0)
        var i = 0
        while i < 8 {
            if groups[i] == 0 {
                var j = i
                while j < 8 && groups[j] == 0 { j += 1 }
                if j - i > best.length && j - i >= 2 { best = (i, j - i) }
                i = j
            } else {
                i += 1
            }
        }
        let hex = groups.map { String($0, radix: 16) }
        guard best.start >= 0 else { return hex.joined(separator: ":") }
        let left = hex[..<best.start].joined(separator: ":")
        let right = hex[(best.start + best.length)...].joined(separator: ":")
        return left + "::" + right
    }
}
