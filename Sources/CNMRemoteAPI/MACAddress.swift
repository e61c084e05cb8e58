// MAC address text conversions for the two forms Docker uses.

import FoundationEssentials

/// Converts between the MAC forms Docker sends (cnm-protocol.md §5, pitfall 19).
enum MACAddress {
    /// `"aa:bb:cc:dd:ee:ff"` text for raw bytes.
    static func text(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { byte in
            let hex = String(byte, radix: 16)
            return byte < 0x10 ? "0" + hex : hex
        }.joined(separator: ":")
    }

    /// Normalizes a MAC option value to lower-case colon form.
    ///
    /// Accepts colon text (the IPAM option) or base64 of the raw bytes (the
    /// CreateEndpoint option, Go's `[]byte` JSON encoding). Returns `nil` otherwise.
    static func normalize(_ value: String) -> String? {
        if isColonText(value) { return value.lowercased() }
        guard let data = Data(base64Encoded: value), !data.isEmpty else { return nil }
        return text(data)
    }

    /// Whether `value` looks like `xx:xx:…` with 1–2 hex digits per group and at least 6 groups.
    private static func isColonText(_ value: String) -> Bool {
        let groups = value.split(separator: ":", omittingEmptySubsequences: false)
        return groups.count >= 6
            && groups.allSatisfy { group in
                (1...2).contains(group.count) && group.allSatisfy(\.isHexDigit)
            }
    }
}
