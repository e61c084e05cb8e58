// Byte-level helpers for HTTP syntax (RFC 9110 §5.6), ASCII only by definition.

/// Compares two strings ignoring ASCII case, which is all header names need.
func asciiCaseEqual(_ a: String, _ b: String) -> Bool {
    let x = a.utf8
    let y = b.utf8
    guard x.count == y.count else { return false }
    return zip(x, y).allSatisfy { asciiLower($0) == asciiLower($1) }
}

/// Lower-cases one ASCII letter; other bytes pass through.
func asciiLower(_ byte: UInt8) -> UInt8 {
    (byte >= 0x41 && byte <= 0x5A) ? byte | 0x20 : byte
}

/// The lower-cased, trimmed, non-empty elements of a comma-separated header value (RFC 9110 §5.6.1).
func listTokens(_ value: String) -> [String] {
    value.split(separator: ",").map { token in
        String(decoding: token.utf8.drop { isOWS($0) }.reversed().drop { isOWS($0) }.reversed().map(asciiLower), as: UTF8.self)
    }.filter { !$0.isEmpty }
}

/// Optional whitespace of RFC 9110 §5.6.3: space or horizontal tab.
func isOWS(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

/// tchar of RFC 9110 §5.6.2.
func isTokenByte(_ byte: UInt8) -> Bool {
    switch byte {
    case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: true
    case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
        UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
        UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
        true
    default: false
    }
}

/// An ASCII decimal digit.
func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

/// The value of an ASCII hex digit.
func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case 0x30...0x39: byte - 0x30
    case 0x41...0x46: byte - 0x41 + 10
    case 0x61...0x66: byte - 0x61 + 10
    default: nil
    }
}
