// A call sequence recorded from a real Docker engine (Sequences/<engine>/*.json).

/// One request of a recorded sequence.
public struct RecordedCall: Sendable, Equatable {
    /// The record number in the engine's trace.
    public var n: Int
    /// `/<Iface>.<Method>`.
    public var path: String
    /// The body as Docker sent it, with `{{placeholder}}` for IDs, pools and addresses.
    public var body: String
    /// Answer field → placeholder it binds (`PoolID` → `pool1.id`, `Address` → `addr1`).
    public var bind: [String: String]
    /// `endpoint` for the calls one container endpoint makes, else `network`.
    public var scope: String

    /// `<Iface>.<Method>`.
    public var method: String { String(path.dropFirst()) }

    /// True for the calls that undo something: run even after a failure, so a run cleans up.
    public var isTeardown: Bool {
        ["NetworkDriver.Leave", "NetworkDriver.DeleteEndpoint", "NetworkDriver.DeleteNetwork",
         "NetworkDriver.RevokeExternalConnectivity", "IpamDriver.ReleaseAddress", "IpamDriver.ReleasePool"]
            .contains(method)
    }
}

/// A sequence of calls one engine made for some docker commands.
public struct RecordedSequence: Sendable, Equatable {
    /// Short name, e.g. `container`.
    public var name: String
    /// `20.10` or `28.5`.
    public var engine: String
    /// The docker commands it stands for.
    public var description: String
    /// Which trace records it came from.
    public var derivedFrom: String
    /// The engine's `Host` header.
    public var host: String
    /// Capabilities the plugin must declare for Docker to send this (e.g. `RequiresRequestReplay`).
    public var requires: [String]
    /// The calls in order.
    public var calls: [RecordedCall]

    /// Parses one sequence file.
    /// - Throws: `SequenceFormatError` when a field is missing.
    public static func parse(_ bytes: [UInt8]) throws -> RecordedSequence {
        guard let doc = JSON.parseOrNil(bytes), let calls = doc["calls"]?.arrayValue else {
            throw SequenceFormatError(message: "not a sequence document")
        }
        return RecordedSequence(
            name: doc.string("name"), engine: doc.string("engine"), description: doc.string("description"),
            derivedFrom: doc.string("derivedFrom"), host: doc.string("host"),
            requires: doc["requires"]?.arrayValue?.compactMap(\.stringValue) ?? [],
            calls: try calls.map { call in
                guard let path = call["path"]?.stringValue, let body = call["body"]?.stringValue else {
                    throw SequenceFormatError(message: "call without path or body")
                }
                return RecordedCall(
                    n: call["n"]?.intValue ?? 0, path: path, body: body,
                    bind: (call["bind"]?.objectValue ?? [:]).compactMapValues(\.stringValue),
                    scope: call["scope"]?.stringValue ?? "network")
            })
    }

    /// The compiled-in sequences of `engine` (nil: every engine), in run order.
    public static func recorded(engine: String? = nil) -> [RecordedSequence] {
        fixtures.filter { engine == nil || $0.engine == engine }.compactMap { try? parse(Array($0.json.utf8)) }
    }

    /// The engines recordings exist for.
    public static let engines = ["20.10", "28.5"]
}

/// A sequence file that does not have the expected shape.
public struct SequenceFormatError: Error, CustomStringConvertible {
    /// What is wrong.
    public var message: String
    public var description: String { "bad sequence: \(message)" }
}
