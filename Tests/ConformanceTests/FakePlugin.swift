// An in-process CNM plugin over a Unix socket that gets everything right, except the one
// mistake a test asks for: the conformance tool must notice each one.

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

import AdapterOS
import Conformance
import HTTPServer

/// One thing a plugin can get wrong.
enum Mistake: String, CaseIterable, Sendable {
    case none
    case emptyBodyOnCreateNetwork
    case echoInterfaceOnCreateEndpoint
    case ipamErrorInErrField
    case networkErrorInErrorField
    case addressWithoutMask
    case joinWithoutSrcName
    case joinWithMissingLink
    case gatewayWithMask
    case bogusScope
    case samePoolAgain
    case leakLinkOnDeleteEndpoint
}

/// Links the fake "created": the conformance tool's view of the host netns in these tests.
final class FakeLinks: HostLinkLookup, @unchecked Sendable {
    private let lock = Lock()
    private var names: Set<String> = []
    func add(_ name: String) { lock.withLock { _ = names.insert(name) } }
    func remove(_ name: String) { lock.withLock { _ = names.remove(name) } }
    func linkExists(_ name: String) throws -> Bool { lock.withLock { names.contains(name) } }
}

/// The fake's in-memory state and answers.
final class FakePlugin: HTTPHandler, @unchecked Sendable {
    let mistake: Mistake
    let links: FakeLinks
    private let lock = Lock()
    private var nextPool = 0
    private var pools: [String: (prefix: String, next: Int)] = [:]
    private var networks: Set<String> = []
    private var endpoints: [String: String] = [:]  // endpoint → link name
    private var linkCounter = 0

    init(mistake: Mistake, links: FakeLinks) {
        self.mistake = mistake
        self.links = links
    }

    func handle(_ request: HTTPRequest) -> HTTPResponse {
        let body = (try? JSON.parse(request.body)) ?? .object([:])
        return lock.withLock { answer(String(request.target.dropFirst()), body) }
    }

    private func ok(_ text: String = "{}") -> HTTPResponse { HTTPResponse(status: 200, body: Array(text.utf8)) }
    private func fail(_ message: String) -> HTTPResponse {
        HTTPResponse(status: 500, body: Array("{\"Err\":\"\(message)\"}".utf8))
    }

    private func answer(_ method: String, _ body: JSON) -> HTTPResponse {
        switch method {
        case "Plugin.Activate": return ok(#"{"Implements":["NetworkDriver","IpamDriver"]}"#)
        case "NetworkDriver.GetCapabilities":
            return ok(mistake == .bogusScope ? #"{"Scope":"bogus"}"# : #"{"Scope":"local","ConnectivityScope":"local"}"#)
        case "IpamDriver.GetCapabilities": return ok(#"{"RequiresMACAddress":false,"RequiresRequestReplay":true}"#)
        case "IpamDriver.GetDefaultAddressSpaces":
            return ok(#"{"LocalDefaultAddressSpace":"FakeLocal","GlobalDefaultAddressSpace":"FakeGlobal"}"#)
        case "IpamDriver.RequestPool": return requestPool(body)
        case "IpamDriver.ReleasePool":
            pools[body.s("PoolID")] = nil
            return ok()
        case "IpamDriver.RequestAddress": return requestAddress(body)
        case "IpamDriver.ReleaseAddress": return ok()
        case "NetworkDriver.CreateNetwork":
            guard body.s("NetworkID") != "" else { return fail("bad request") }
            networks.insert(body.s("NetworkID"))
            return mistake == .emptyBodyOnCreateNetwork ? ok("") : ok()
        case "NetworkDriver.DeleteNetwork":
            networks.remove(body.s("NetworkID"))
            return ok()
        case "NetworkDriver.CreateEndpoint":
            guard networks.contains(body.s("NetworkID")) else { return fail("no such network") }
            linkCounter += 1
            endpoints[body.s("EndpointID")] = "cniafake\(linkCounter)"
            if mistake == .echoInterfaceOnCreateEndpoint, let address = body["Interface"]?.s("Address") {
                return ok("{\"Interface\":{\"Address\":\"\(address)\"}}")
            }
            return ok()
        case "NetworkDriver.Join":
            guard let link = endpoints[body.s("EndpointID")] else {
                return mistake == .networkErrorInErrorField ? ok(#"{"Error":"no such endpoint"}"#) : fail("no such endpoint")
            }
            if mistake != .joinWithMissingLink { links.add(link) }
            switch mistake {
            case .joinWithoutSrcName: return ok(#"{"DisableGatewayService":true}"#)
            case .gatewayWithMask: return ok("{\"InterfaceName\":{\"SrcName\":\"\(link)\",\"DstPrefix\":\"eth\"},\"Gateway\":\"10.231.40.1/24\"}")
            default: return ok("{\"InterfaceName\":{\"SrcName\":\"\(link)\",\"DstPrefix\":\"eth\"},\"DisableGatewayService\":true}")
            }
        case "NetworkDriver.DeleteEndpoint":
            if let link = endpoints.removeValue(forKey: body.s("EndpointID")), mistake != .leakLinkOnDeleteEndpoint {
                links.remove(link)
            }
            return ok()
        case "NetworkDriver.EndpointOperInfo": return ok(#"{"Value":{}}"#)
        case "NetworkDriver.Leave", "NetworkDriver.ProgramExternalConnectivity", "NetworkDriver.RevokeExternalConnectivity":
            return ok()
        default: return HTTPResponse(status: 404, body: Array(#"{"Err":"unknown method"}"#.utf8))
        }
    }

    private func requestPool(_ body: JSON) -> HTTPResponse {
        let v6 = body["V6"]?.boolValue ?? false
        var pool = body.s("Pool")
        if pool.isEmpty {
            if mistake != .samePoolAgain { nextPool += 1 }
            pool = v6 ? "fd31:cafe:4029:\(nextPool)::/64" : "10.231.\(40 + nextPool % 4).0/24"
        } else if pool.hasSuffix("/99") {
            return fail("not a CIDR")
        }
        let prefix = String(pool[..<pool.firstIndex(of: "/")!])
        let id = "fake/\(pool)/\(pools.count)"
        pools[id] = (prefix, 1)
        return ok("{\"PoolID\":\"\(id)\",\"Pool\":\"\(pool)\",\"Data\":{}}")
    }

    private func requestAddress(_ body: JSON) -> HTTPResponse {
        guard var pool = pools[body.s("PoolID")] else {
            return mistake == .ipamErrorInErrField ? ok(#"{"Err":"unknown pool"}"#) : fail("unknown pool")
        }
        let v6 = pool.prefix.contains(":")
        var address = body.s("Address")
        if address.isEmpty {
            address = v6 ? "\(pool.prefix)\(pool.next)" : pool.prefix.split(separator: ".").prefix(3).joined(separator: ".") + ".\(pool.next)"
            pool.next += 1
            pools[body.s("PoolID")] = pool
        }
        let text = mistake == .addressWithoutMask ? address : address + (v6 ? "/64" : "/24")
        return ok("{\"Address\":\"\(text)\",\"Data\":{}}")
    }
}

/// Serves a fake with `mistake` on a socket in a temp dir for the duration of `body`.
func withFakePlugin<T>(_ mistake: Mistake, _ body: (String, FakeLinks) throws -> T) throws -> T {
    var template = Array("/tmp/cnia-conformance-XXXXXX".utf8CString)
    guard let made = template.withUnsafeMutableBufferPointer({ $0.baseAddress.flatMap { mkdtemp($0) } }) else {
        throw SystemError.current("mkdtemp")
    }
    let dir = String(cString: made)
    defer { try? Files.removeTree(dir) }
    let links = FakeLinks()
    let server = UnixHTTPServer(
        path: dir + "/fake.sock", mode: 0o600, handler: FakePlugin(mistake: mistake, links: links),
        logger: Logger(level: .error))
    try server.start()
    defer { server.shutdown(grace: 1) }
    return try body(dir + "/fake.sock", links)
}

extension JSON {
    /// The string member `key`, `""` when absent.
    func s(_ key: String) -> String { self[key]?.stringValue ?? "" }
}
