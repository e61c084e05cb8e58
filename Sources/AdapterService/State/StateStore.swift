// Records on disk, one file each, written atomically; an in-memory copy serves reads.

import AdapterOS
import FoundationEssentials

/// Persists network and endpoint records and the IPAM book under one state directory.
///
/// Layout: `networks/<id>.json`, `endpoints/<id>.json`, `ipam.json` (DESIGN.md §4).
/// Files are mode 0600 in 0700 directories: they describe the host's networking.
public final class StateStore: @unchecked Sendable {
    /// The state directory.
    public let directory: String
    private let lock = Lock()
    private var networks: [String: NetworkRecord] = [:]
    private var endpoints: [String: EndpointRecord] = [:]
    private var book = AddressBook()

    /// Opens (creating) the state directory and loads every record.
    /// - Throws: on unreadable directories; a corrupt record is skipped with a warning.
    public init(directory: String, logger: Logger) throws {
        self.directory = directory
        for sub in ["", "/networks", "/endpoints"] {
            try Files.makeDirectories(directory + sub, mode: 0o700)
        }
        networks = try Self.loadAll("\(directory)/networks", logger: logger)
        endpoints = try Self.loadAll("\(directory)/endpoints", logger: logger)
        if let bytes = try Files.read("\(directory)/ipam.json"), !bytes.isEmpty {
            do {
                book = try JSONDecoder().decode(AddressBook.self, from: Data(bytes))
            } catch {
                logger.error("ipam state unreadable; starting empty", [("file", "\(directory)/ipam.json"), ("error", "\(error)")])
            }
        }
    }

    // MARK: networks

    public func network(_ id: String) -> NetworkRecord? { lock.withLock { networks[id] } }
    public func allNetworks() -> [NetworkRecord] { lock.withLock { Array(networks.values) } }

    public func put(_ record: NetworkRecord) throws {
        try write("networks/\(record.id).json", record)
        lock.withLock { networks[record.id] = record }
    }

    public func removeNetwork(_ id: String) throws {
        try Files.remove("\(directory)/networks/\(id).json")
        lock.withLock { networks[id] = nil }
    }

    // MARK: endpoints

    public func endpoint(_ id: String) -> EndpointRecord? { lock.withLock { endpoints[id] } }
    public func allEndpoints() -> [EndpointRecord] { lock.withLock { Array(endpoints.values) } }

    public func put(_ record: EndpointRecord) throws {
        try write("endpoints/\(record.endpointID).json", record)
        lock.withLock { endpoints[record.endpointID] = record }
    }

    public func removeEndpoint(_ id: String) throws {
        try Files.remove("\(directory)/endpoints/\(id).json")
        lock.withLock { endpoints[id] = nil }
    }

    // MARK: IPAM

    /// Runs `change` on the address book and persists the result before returning it.
    /// Serialised: concurrent IPAM calls see each other's allocations.
    func updateBook<T>(_ change: (inout AddressBook) throws -> T) throws -> T {
        try lock.withLock {
            var copy = book
            let result = try change(&copy)
            if copy != book {
                try writeUnlocked("ipam.json", copy)
                book = copy
            }
            return result
        }
    }

    /// A snapshot of the address book (tests, status).
    var addressBook: AddressBook { lock.withLock { book } }

    // MARK: files

    private func write<T: Encodable>(_ name: String, _ value: T) throws {
        try writeUnlocked(name, value)
    }

    private func writeUnlocked<T: Encodable>(_ name: String, _ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        try Files.writeAtomically("\(directory)/\(name)", Array(data), mode: 0o600)
    }

    private static func loadAll<T: Decodable>(_ dir: String, logger: Logger) throws -> [String: T] {
        var out: [String: T] = [:]
        for name in try Files.list(dir) where name.hasSuffix(".json") {
            let path = "\(dir)/\(name)"
            do {
                guard let bytes = try Files.read(path), !bytes.isEmpty else { continue }
                out[String(name.dropLast(5))] = try JSONDecoder().decode(T.self, from: Data(bytes))
            } catch {
                // A torn or foreign file must not stop the daemon; reconcile deals with leftovers.
                logger.error("skipping unreadable state file", [("file", path), ("error", "\(error)")])
            }
        }
        return out
    }
}
