// Routes one plugin call (path + body bytes) to a driver and encodes its answer.
// Source for the error conventions: https://github.com/moby/moby/blob/v20.10.24/pkg/plugins/client.go
// (non-200 + {"Err"} is read by both interfaces; an empty 200 body is an EOF error).

import FoundationEssentials

/// Turns `POST /<Interface>.<Method>` calls into driver method calls. Does no I/O.
///
/// Status codes (cnm-protocol.md §2.1):
/// 1. 200 with the response JSON, at least `{}`.
/// 2. 400 `{"Err": "<call>: invalid request: <why>"}` for malformed JSON, a missing ID, or
///    nesting deeper than ``PluginDispatcher/maxBodyDepth`` (checked before decoding).
/// 3. 404 `{"Err": "unknown plugin call: <call>"}` for unknown calls and calls of an
///    interface that is not present.
/// 4. 500 `{"Err": "<message>"}` when the driver throws.
public struct PluginDispatcher: Sendable {
    /// The network driver, or `nil` when this socket serves only IPAM.
    public let network: (any NetworkDriver)?
    /// The IPAM driver, or `nil` when this socket serves only a network driver.
    public let ipam: (any IPAMDriver)?
    /// The deepest nesting a request body may have. Docker's deepest body nests 4 levels
    /// (CreateEndpoint's port map), so 32 is generous; see ``JSONNesting`` for why there is one.
    public static let maxBodyDepth = 32

    /// Creates a dispatcher for the given drivers.
    ///
    /// - Parameters:
    ///   - network: Serves `/NetworkDriver.*`; `nil` makes those calls 404.
    ///   - ipam: Serves `/IpamDriver.*`; `nil` makes those calls 404.
    public init(network: (any NetworkDriver)?, ipam: (any IPAMDriver)?) {
        self.network = network
        self.ipam = ipam
    }

    /// The interface names `Plugin.Activate` reports.
    public var implements: [String] {
        (network == nil ? [] : [PluginInterface.networkDriver]) + (ipam == nil ? [] : [PluginInterface.ipamDriver])
    }

    /// Handles one call.
    ///
    /// - Parameters:
    ///   - method: The request path without the leading slash, e.g. `"NetworkDriver.Join"`
    ///     (a leading slash is tolerated).
    ///   - body: The request body; may be empty for calls without arguments.
    /// - Returns: The HTTP status and JSON body to send.
    public func handle(method: String, body: [UInt8]) -> (status: Int, body: [UInt8]) {
        let result = dispatch(method: method, body: body)
        return (result.status, result.body)
    }

    /// Handles one call and also reports the IDs it concerned, for logging.
    ///
    /// - Parameters:
    ///   - method: The request path without the leading slash.
    ///   - body: The request body.
    /// - Returns: The status, body and IDs.
    public func dispatch(method: String, body: [UInt8]) -> DispatchResult {
        let call = method.hasPrefix("/") ? String(method.dropFirst()) : method
        // Before any decoder (route and ids both decode): deep nesting overflows a thread's stack.
        if JSONNesting.exceeds(Self.maxBodyDepth, in: body) {
            let reply = Self.error(400, "\(call): invalid request: JSON nested deeper than \(Self.maxBodyDepth) levels")
            return DispatchResult(status: reply.status, body: reply.body, call: call)
        }
        let reply = route(call, body)
        let ids = Self.ids(in: body)
        return DispatchResult(
            status: reply.status, body: reply.body, call: call,
            networkID: ids["NetworkID"], endpointID: ids["EndpointID"], poolID: ids["PoolID"]
        )
    }
}

extension PluginDispatcher {
    typealias Reply = (status: Int, body: [UInt8])

    // One case per call; `guard let` turns an absent interface into "unknown call".
    // swift-format-ignore
    func route(_ call: String, _ body: [UInt8]) -> Reply {
        switch call {
        case "Plugin.Activate":
            return run(call) { ActivateResponse(implements: implements) }
        default:
            break
        }
        if call.hasPrefix(PluginInterface.networkDriver + "."), let network {
            switch call.dropFirst(PluginInterface.networkDriver.count + 1) {
            case "GetCapabilities": return run(call) { try network.getCapabilities() }
            case "CreateNetwork": return run(call, body) { try network.createNetwork($0) }
            case "DeleteNetwork": return run(call, body) { try network.deleteNetwork($0) }
            case "CreateEndpoint": return run(call, body) { try network.createEndpoint($0) }
            case "EndpointOperInfo": return run(call, body) { try network.endpointOperInfo($0) }
            case "DeleteEndpoint": return run(call, body) { try network.deleteEndpoint($0) }
            case "Join": return run(call, body) { try network.join($0) }
            case "Leave": return run(call, body) { try network.leave($0) }
            case "DiscoverNew": return run(call, body) { try network.discoverNew($0) }
            case "DiscoverDelete": return run(call, body) { try network.discoverDelete($0) }
            case "ProgramExternalConnectivity": return run(call, body) { try network.programExternalConnectivity($0) }
            case "RevokeExternalConnectivity": return run(call, body) { try network.revokeExternalConnectivity($0) }
            case "AllocateNetwork": return run(call, body) { try network.allocateNetwork($0) }
            case "FreeNetwork": return run(call, body) { try network.freeNetwork($0) }
            case "GwAllocCheck": return run(call, body) { try network.gwAllocCheck($0) }
            default: break
            }
        }
        if call.hasPrefix(PluginInterface.ipamDriver + "."), let ipam {
            switch call.dropFirst(PluginInterface.ipamDriver.count + 1) {
            case "GetCapabilities": return run(call) { try ipam.getCapabilities() }
            case "GetDefaultAddressSpaces": return run(call) { try ipam.getDefaultAddressSpaces() }
            case "RequestPool": return run(call, body) { try ipam.requestPool($0) }
            case "ReleasePool": return run(call, body) { try ipam.releasePool($0) }
            case "RequestAddress": return run(call, body) { try ipam.requestAddress($0) }
            case "ReleaseAddress": return run(call, body) { try ipam.releaseAddress($0) }
            default: break
            }
        }
        return Self.error(404, "unknown plugin call: \(call)")
    }

    /// Runs a call without arguments; the body is ignored (Docker sends none).
    func run<Response: Encodable>(_ call: String, _ work: () throws -> Response) -> Reply {
        let response: Response
        do {
            response = try work()
        } catch {
            return Self.error(500, Self.message(for: error))
        }
        return Self.encode(call, response)
    }

    /// Decodes the request, runs the call and encodes the answer.
    func run<Request: Decodable, Response: Encodable>(
        _ call: String, _ body: [UInt8], _ work: (Request) throws -> Response
    ) -> Reply {
        let request: Request
        do {
            guard !body.isEmpty else { throw InvalidRequest("empty body") }
            request = try JSONDecoder().decode(Request.self, from: Data(body))
        } catch let error as DecodingError {
            return Self.error(400, "\(call): invalid request: \(error.shortReason)")
        } catch {
            return Self.error(400, "\(call): invalid request: \(error)")
        }
        return run(call) { try work(request) }
    }

    /// Runs a call whose answer is `{}`.
    func run<Request: Decodable>(_ call: String, _ body: [UInt8], _ work: (Request) throws -> Void) -> Reply {
        run(call, body) { (request: Request) -> EmptyObject in
            try work(request)
            return EmptyObject()
        }
    }

    /// The text for `{"Err": …}`: a ``DriverError``'s message, else `String(describing:)`.
    static func message(for error: any Error) -> String {
        (error as? DriverError)?.message ?? String(describing: error)
    }

    /// Encodes a 200 answer; an encoding failure becomes a 500.
    static func encode(_ call: String, _ response: some Encodable) -> Reply {
        do {
            return (200, try encoder().encode(response).bytes)
        } catch {
            return Self.error(500, "\(call): cannot encode response: \(error)")
        }
    }

    /// An error answer `{"Err": message}` with `status`.
    static func error(_ status: Int, _ message: String) -> Reply {
        let body = (try? encoder().encode(ErrorResponse(err: message)).bytes) ?? Array(#"{"Err":"internal error"}"#.utf8)
        return (status, body)
    }

    /// Sorted keys for stable output; slashes unescaped so paths stay readable.
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// `NetworkID`, `EndpointID` and `PoolID` from a body, when it is a JSON object.
    static func ids(in body: [UInt8]) -> [String: String] {
        guard !body.isEmpty,
            let value = try? JSONDecoder().decode(JSONValue.self, from: Data(body)),
            let members = value.objectValue
        else { return [:] }
        var ids: [String: String] = [:]
        for key in ["NetworkID", "EndpointID", "PoolID"] {
            if let id = members[key]?.stringValue { ids[key] = id }
        }
        return ids
    }
}

/// `{}`.
struct EmptyObject: Codable, Equatable {}

/// A request the decoder could not even start on.
struct InvalidRequest: Error, CustomStringConvertible {
    /// Why.
    let description: String
    init(_ description: String) { self.description = description }
}

extension Data {
    /// The bytes as an array.
    var bytes: [UInt8] { [UInt8](self) }
}
