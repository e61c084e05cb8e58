// Loads the recorded Docker traces (Fixtures/*.jsonl) used as golden input.
//
// The fixtures are located through #filePath rather than Bundle.module: the module
// under test imports only FoundationEssentials, which has no Bundle.

import FoundationEssentials
@testable import CNMRemoteAPI

/// One request/response pair of a trace (only the fields the tests need).
struct TraceRecord: Decodable, Sendable {
    /// Which trace file, for failure messages.
    var file: String = ""
    /// Global order inside the file.
    let n: Int
    let request: Request
    let response: Response

    struct Request: Decodable, Sendable {
        /// `/NetworkDriver.Join` etc.
        let path: String
        /// The exact bytes Docker sent.
        let body_raw: String
    }

    struct Response: Decodable, Sendable {
        let status: Int
        /// The body the recorder sent (parsed), or null.
        let body: JSONValue?
    }

    enum CodingKeys: String, CodingKey {
        case n, request, response
    }

    /// The path without the leading slash, e.g. `NetworkDriver.Join`.
    var call: String { String(request.path.dropFirst()) }
    /// The raw request bytes.
    var body: [UInt8] { Array(request.body_raw.utf8) }
    /// Human-readable label.
    var label: String { "\(file) n=\(n) \(call)" }
}

enum TraceFixtures {
    static let fileNames = ["docker-20.10-trace.jsonl", "docker-28.5-trace.jsonl"]

    /// The Fixtures directory next to this source file.
    static var directory: URL {
        URL(filePath: #filePath).deletingLastPathComponent().appending(path: "Fixtures")
    }

    /// All records of one trace file.
    static func records(_ fileName: String) throws -> [TraceRecord] {
        let data = try Data(contentsOf: directory.appending(path: fileName))
        let decoder = JSONDecoder()
        return try data.split(separator: UInt8(ascii: "\n")).map { line in
            var record = try decoder.decode(TraceRecord.self, from: Data(line))
            record.file = fileName
            return record
        }
    }

    /// All records of both traces.
    static func all() throws -> [TraceRecord] {
        try fileNames.flatMap { try records($0) }
    }

    /// The record numbered `n` in `fileName`.
    static func record(_ fileName: String, _ n: Int) throws -> TraceRecord {
        guard let record = try records(fileName).first(where: { $0.n == n }) else {
            throw FixtureError("no record n=\(n) in \(fileName)")
        }
        return record
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Decodes `T` from JSON text.
func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
    try JSONDecoder().decode(T.self, from: Data(text.utf8))
}

/// Encodes `value` and parses it back as a generic JSON value.
func encodeToJSON(_ value: some Encodable) throws -> JSONValue {
    let data = try JSONEncoder().encode(value)
    return try JSONDecoder().decode(JSONValue.self, from: data)
}

/// The sorted keys of an encoded object (`[]` for non-objects).
func encodedKeys(_ value: some Encodable) throws -> [String] {
    try encodeToJSON(value).objectValue?.keys.sorted() ?? []
}
