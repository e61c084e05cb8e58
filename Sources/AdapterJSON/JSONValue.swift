// Free-form JSON for plugin configs, which the runtime must pass through untouched (cni.md §4.2).

import FoundationEssentials

/// Any JSON value.
///
/// Plugin configuration objects hold keys only the plugin understands; the runtime keeps them as
/// `JSONValue` and adds its own keys. Integers are kept apart from doubles so that large integers
/// survive exactly (libcni loses precision above 2^53, cni.md §4.3).
public enum JSONValue: Sendable, Equatable, Hashable {
    /// `null`.
    case null
    /// `true` / `false`.
    case bool(Bool)
    /// A number without fraction or exponent that fits 64 bits.
    case integer(Int64)
    /// Any other number.
    case double(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object; member order is not kept (encoding sorts keys).
    case object([String: JSONValue])

    /// The string, if this is a string.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The integer, if this is an integer (or a double with no fraction).
    public var intValue: Int? {
        switch self {
        case .integer(let i): return Int(exactly: i)
        case .double(let d): return d.rounded() == d ? Int(exactly: d) : nil
        default: return nil
        }
    }

    /// The boolean, if this is a boolean.
    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// The members, if this is an object.
    public var objectValue: [String: JSONValue]? {
        if case .object(let o) = self { return o }
        return nil
    }

    /// The elements, if this is an array.
    public var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// Looks up a member of an object (`nil` for other values).
    public subscript(key: String) -> JSONValue? {
        objectValue?[key]
    }

    /// Parses a JSON document.
    /// - Throws: the decoder's error when `bytes` is not JSON, and `DecodingError.dataCorrupted`
    ///   when it nests deeper than 64 levels (checked first: deep nesting overflows a thread's stack).
    public static func parse(_ bytes: [UInt8]) throws -> JSONValue {
        if JSONNesting.exceeds(JSONNesting.maxDepth, in: bytes) {
            throw DecodingError.dataCorrupted(
                .init(codingPath: [], debugDescription: "JSON nested deeper than \(JSONNesting.maxDepth) levels"))
        }
        return try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
    }
}

extension JSONValue: Codable {
    private struct MemberKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { return nil }
    }

    public init(from decoder: any Decoder) throws {
        if var array = try? decoder.unkeyedContainer() {
            var elements: [JSONValue] = []
            while !array.isAtEnd { elements.append(try array.decode(JSONValue.self)) }
            self = .array(elements)
            return
        }
        if let keyed = try? decoder.container(keyedBy: MemberKey.self) {
            var members: [String: JSONValue] = [:]
            for key in keyed.allKeys { members[key.stringValue] = try keyed.decode(JSONValue.self, forKey: key) }
            self = .object(members)
            return
        }
        let single = try decoder.singleValueContainer()
        if single.decodeNil() {
            self = .null
        } else if let b = try? single.decode(Bool.self) {
            self = .bool(b)
        } else if let i = try? single.decode(Int64.self) {
            self = .integer(i)
        } else if let d = try? single.decode(Double.self) {
            self = .double(d)
        } else {
            self = .string(try single.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .null:
            var c = encoder.singleValueContainer()
            try c.encodeNil()
        case .bool(let b):
            var c = encoder.singleValueContainer()
            try c.encode(b)
        case .integer(let i):
            var c = encoder.singleValueContainer()
            try c.encode(i)
        case .double(let d):
            var c = encoder.singleValueContainer()
            try c.encode(d)
        case .string(let s):
            var c = encoder.singleValueContainer()
            try c.encode(s)
        case .array(let elements):
            var c = encoder.unkeyedContainer()
            for element in elements { try c.encode(element) }
        case .object(let members):
            // Sorted so that the same value always produces the same bytes.
            var c = encoder.container(keyedBy: MemberKey.self)
            for key in members.keys.sorted() { try c.encode(members[key] ?? .null, forKey: MemberKey(stringValue: key)) }
        }
    }
}
