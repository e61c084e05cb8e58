// A nesting-depth check run before JSONDecoder sees plugin output, conflists or cache files.
//
// Why: JSONDecoder and the recursive `JSONValue.init(from:)` use stack per level. A plugin
// result nesting 400 arrays overflowed the 512 KiB stack of a server connection thread (found
// by Fuzz/CNIJSON), and results are parsed while a Docker call is served; a 600-byte Docker
// request body nesting 200 arrays killed the daemon the same way (Fuzz/DockerRequests).
// Conflists nest ~6 levels (ipam.ranges is an array of arrays of objects); 64 leaves plenty of
// room. CNMRemoteAPI applies a tighter limit of its own to request bodies.

/// Counts how deeply a JSON text nests arrays and objects, without decoding it.
public enum JSONNesting {
    /// The deepest nesting `JSONValue.parse` accepts.
    public static let maxDepth = 64

    /// Whether `bytes` ever has more than `limit` arrays and objects open at once.
    ///
    /// Brackets inside strings do not count; the text is not otherwise validated.
    public static func exceeds(_ limit: Int, in bytes: [UInt8]) -> Bool {
        var depth = 0
        var inString = false
        var escaped = false
        for byte in bytes {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth > limit { return true }
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                depth -= 1
            default:
                break
            }
        }
        return false
    }
}
