// A free-form JSON value, for the `Options` maps Docker sends as arbitrary objects.

/// Any JSON value.
///
/// Docker's remote API carries several untyped maps (`Options` in CreateNetwork,
/// CreateEndpoint, Join, ProgramExternalConnectivity; `Value` in EndpointOperInfo).
/// Go decodes them as `map[string]interface{}`; this is the Swift equivalent.
/// Numbers are kept as `Double`, as Go's `encoding/json` does for `interface{}`.
public enum JSONValue: Sendable, Equatable, Hashable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// Any JSON number.
    case number(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object.
    case object([String: JSONValue])
}

extension JSONValue {
    /// The member named `key` when this is an object; `nil` otherwise or when absent.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members[key]
    }

    /// The element at `index` when this is an array and the index is in range.
    public subscript(index: Int) -> JSONValue? {
        guard case .array(let elements) = self, elements.indices.contains(index) else { return nil }
        return elements[index]
    }

    /// The string when this is `.string`; `nil` otherwise.
    public var stringValue: String? {
        guard case .string(let value) = self else { return nil }
        return value
    }

    /// The bool when this is `.bool`; `nil` otherwise.
    public var boolValue: Bool? {
        guard case .bool(let value) = self else { return nil }
        return value
    }

    /// The number when this is `.number`; `nil` otherwise.
    public var doubleValue: Double? {
        guard case .number(let value) = self else { return nil }
        return value
    }

    /// The number as an `Int` when it is integral and in range; `nil` otherwise.
    public var intValue: Int? {
        guard case .number(let value) = self, let exact = Int(exactly: value) else { return nil }
        return exact
    }

    /// The elements when this is `.array`; `nil` otherwise.
    public var arrayValue: [JSONValue]? {
        guard case .array(let value) = self else { return nil }
        return value
    }

    /// The members when this is `.object`; `nil` otherwise.
    public var objectValue: [String: JSONValue]? {
        guard case .object(let value) = self else { return nil }
        return value
    }

    /// Whether this is `.null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// A scalar rendered as text, the way a user wrote it after `-o key=value`.
    ///
    /// Strings are returned as-is; bools as `true`/`false`; integral numbers
    /// without a fraction. Arrays, objects and null give `nil`.
    public var scalarText: String? {
        switch self {
        case .string(let value): return value
        case .bool(let value): return value ? "true" : "false"
        case .number(let value):
            if let exact = Int(exactly: value) { return String(exact) }
            return String(value)
        case .null, .array, .object: return nil
        }
    }
}

extension JSONValue: Codable {
    /// Decodes any JSON value.
    ///
    /// - Throws: `DecodingError` when the input is not JSON.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// Encodes the value; integral numbers are written without a fraction.
    ///
    /// - Throws: `EncodingError` from the underlying encoder.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value):
            // Port numbers and protocol ids must stay `80`, never `80.0`.
            if let exact = Int(exactly: value) {
                try container.encode(exact)
            } else {
                try container.encode(value)
            }
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    /// `nil` literal → `.null`.
    public init(nilLiteral: ()) { self = .null }
    /// Bool literal → `.bool`.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// Integer literal → `.number`.
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    /// Float literal → `.number`.
    public init(floatLiteral value: Double) { self = .number(value) }
    /// String literal → `.string`.
    public init(stringLiteral value: String) { self = .string(value) }
    /// Array literal → `.array`.
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    /// Dictionary literal → `.object`; a repeated key keeps the last value.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}
