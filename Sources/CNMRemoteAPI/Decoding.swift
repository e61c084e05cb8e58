// Tolerant decoding helpers shared by the wire types.
//
// Go's encoding/json fills missing fields with zero values and treats `null` as
// "absent". The wire types copy that, except for the IDs a call cannot work
// without (NetworkID, EndpointID, PoolID), whose absence is a bad request.

extension KeyedDecodingContainer {
    /// A string that must be present and non-null.
    func requiredString(_ key: Key) throws -> String {
        try decode(String.self, forKey: key)
    }

    /// A string that defaults to `""` when missing or null.
    func string(_ key: Key) throws -> String {
        try decodeIfPresent(String.self, forKey: key) ?? ""
    }

    /// A bool that defaults to `false` when missing or null.
    func bool(_ key: Key) throws -> Bool {
        try decodeIfPresent(Bool.self, forKey: key) ?? false
    }

    /// An array that defaults to `[]` when missing or null.
    func array<Element: Decodable>(_ key: Key, of type: Element.Type = Element.self) throws -> [Element] {
        try decodeIfPresent([Element].self, forKey: key) ?? []
    }

    /// A free-form object that defaults to `[:]` when missing or null.
    func object(_ key: Key) throws -> [String: JSONValue] {
        switch try decodeIfPresent(JSONValue.self, forKey: key) {
        case nil, .null?: return [:]
        case .object(let members)?: return members
        case let other?:
            throw DecodingError.typeMismatch(
                [String: JSONValue].self,
                .init(codingPath: codingPath + [key], debugDescription: "expected an object, got \(other.kindName)")
            )
        }
    }

    /// A `map[string]string` that defaults to `[:]` when missing or null.
    ///
    /// Scalars that are not strings (a number or bool an API client sent) are kept
    /// as their text; nested arrays, objects and nulls are dropped.
    func stringMap(_ key: Key) throws -> [String: String] {
        try object(key).compactMapValues(\.scalarText)
    }
}

extension JSONValue {
    /// A short name for the kind of value, for error messages.
    var kindName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a bool"
        case .integer, .double: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}

extension DecodingError {
    /// A one-line reason fit for `{"Err": "<call>: invalid request: <why>"}`.
    var shortReason: String {
        func path(_ context: Context, _ extra: (any CodingKey)? = nil) -> String {
            let keys = context.codingPath + (extra.map { [$0] } ?? [])
            return keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch self {
        case .keyNotFound(let key, let context):
            return "missing field \(path(context, key))"
        case .valueNotFound(_, let context):
            let where_ = path(context)
            return where_.isEmpty ? "expected a JSON object, got null" : "field \(where_) is null"
        case .typeMismatch(let type, let context):
            let where_ = path(context)
            return where_.isEmpty ? "expected a JSON object" : "field \(where_): expected \(type)"
        case .dataCorrupted(let context):
            let where_ = path(context)
            return where_.isEmpty ? "malformed JSON" : "field \(where_): \(context.debugDescription)"
        @unknown default:
            return "\(self)"
        }
    }
}
