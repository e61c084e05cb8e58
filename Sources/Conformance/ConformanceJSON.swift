// The JSON value the conformance checks work with (CNIExec's: it parses and serialises bytes).

import CNIExec

/// Any JSON value (CNIExec's `JSONValue`, which keeps integers exact).
public typealias JSON = JSONValue

extension JSONValue {
    /// Parses `bytes`, or nil when they are not JSON.
    static func parseOrNil(_ bytes: [UInt8]) -> JSON? { try? JSON.parse(bytes) }

    /// The string member `key` of an object, `""` when absent or not a string.
    func string(_ key: String) -> String { self[key]?.stringValue ?? "" }

    /// Serialised as compact text.
    var text: String { String(decoding: serialized(), as: UTF8.self) }
}

/// Escapes `s` for use inside a JSON string literal.
func jsonEscaped(_ s: String) -> String {
    var out = ""
    for scalar in s.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        default:
            if scalar.value < 0x20 {
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out
}
