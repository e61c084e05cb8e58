// A minimal Docker Engine API client over dockerd's Unix socket, through libcurl.
//
// Used only by the background reconcile: never on a request path, because dockerd calls the
// plugin while holding its own locks, and a plugin that calls back into dockerd from a plugin
// call can deadlock it at boot (DESIGN.md §2, Invariants).

import AdapterOS
import CCurl
import FoundationEssentials

/// What reconcile needs to know about one Docker network.
public struct DockerNetwork: Sendable, Equatable {
    public var id: String
    public var name: String
    public var driver: String
    /// Endpoint IDs attached to containers, as Docker reports them.
    public var endpointIDs: Set<String>
}

/// Errors from talking to dockerd; `unavailable` means "could not ask" (down, starting).
public enum DockerEngineError: Error, CustomStringConvertible, Sendable {
    case unavailable(String)
    case badResponse(String)

    public var description: String {
        switch self {
        case .unavailable(let why): "dockerd unavailable: \(why)"
        case .badResponse(let why): "unexpected answer from dockerd: \(why)"
        }
    }
}

/// Reads networks from the Docker Engine API.
public protocol DockerEngine: Sendable {
    /// The network with `id`, or nil when Docker does not know it (404).
    /// - Throws: `DockerEngineError.unavailable` when dockerd cannot be asked.
    func network(_ id: String) throws -> DockerNetwork?
}

/// The real client: one libcurl easy handle per call (calls are rare: one per reconcile pass
/// and network).
public struct CurlDockerEngine: DockerEngine {
    /// dockerd's socket.
    public let socketPath: String
    /// Seconds before a call gives up.
    public let timeout: Int

    public init(socketPath: String = "/var/run/docker.sock", timeout: Int = 10) {
        self.socketPath = socketPath
        self.timeout = timeout
        CurlGlobal.ensure()
    }

    public func network(_ id: String) throws -> DockerNetwork? {
        // API 1.41 is what Docker 20.10 speaks; newer engines accept it too.
        let (status, body) = try get("/v1.41/networks/\(id)")
        if status == 404 { return nil }
        guard status == 200 else {
            throw DockerEngineError.badResponse("GET /networks/\(id.prefix(12)): HTTP \(status)")
        }
        do {
            let wire = try JSONDecoder().decode(WireNetwork.self, from: Data(body))
            return DockerNetwork(
                id: wire.Id, name: wire.Name, driver: wire.Driver,
                endpointIDs: Set((wire.Containers ?? [:]).values.compactMap(\.EndpointID)))
        } catch {
            throw DockerEngineError.badResponse("network \(id.prefix(12)): \(error)")
        }
    }

    /// One GET; returns the HTTP status and body.
    func get(_ path: String) throws -> (Int, [UInt8]) {
        if let problem = CurlGlobal.loadError { throw DockerEngineError.unavailable("libcurl: \(problem)") }
        guard let handle = ccurl_easy_init() else { throw DockerEngineError.unavailable("curl_easy_init failed") }
        defer { ccurl_easy_cleanup(handle) }
        let sink = Sink()
        let opaque = Unmanaged.passUnretained(sink).toOpaque()
        ccurl_setopt_string(handle, CURLOPT_UNIX_SOCKET_PATH, socketPath)
        ccurl_setopt_string(handle, CURLOPT_URL, "http://docker\(path)")
        ccurl_setopt_long(handle, CURLOPT_TIMEOUT, timeout)
        ccurl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        ccurl_setopt_ptr(handle, CURLOPT_WRITEDATA, opaque)
        let write: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = {
            data, size, count, context in
            guard let data, let context else { return 0 }
            let sink = Unmanaged<Sink>.fromOpaque(context).takeUnretainedValue()
            let total = size * count
            // Bound what we keep: a network description is small.
            guard sink.bytes.count + total <= 8 << 20 else { return 0 }
            data.withMemoryRebound(to: UInt8.self, capacity: total) {
                sink.bytes.append(contentsOf: UnsafeBufferPointer(start: $0, count: total))
            }
            return total
        }
        ccurl_setopt_ptr(handle, CURLOPT_WRITEFUNCTION, unsafeBitCast(write, to: UnsafeMutableRawPointer.self))
        let code = withExtendedLifetime(sink) { ccurl_easy_perform(handle) }
        guard code == CURLE_OK else {
            throw DockerEngineError.unavailable("\(socketPath): \(String(cString: ccurl_easy_strerror(code)))")
        }
        var status = 0
        ccurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return (status, sink.bytes)
    }

    private final class Sink {
        var bytes: [UInt8] = []
    }

    private struct WireNetwork: Decodable {
        var Id: String
        var Name: String
        var Driver: String
        var Containers: [String: WireEndpoint]?
    }

    private struct WireEndpoint: Decodable {
        var EndpointID: String?
    }
}

/// libcurl is opened (and curl_global_init run) once, before any thread uses it, and only
/// when reconcile first asks Docker: the daemon's and the bundled plugins' start stays free of
/// its ~30 libraries (CCurl/shim.h).
private enum CurlGlobal {
    /// Why libcurl could not be loaded, or nil.
    static let loadError: String? = ccurl_load() == 0 ? nil : String(cString: ccurl_error())
    static func ensure() { _ = loadError }
}
