// The Docker Engine client against a fake dockerd (our own HTTP server on a Unix socket): the
// real libcurl, loaded at first use, talking HTTP over a real socket.

import AdapterOS
import DockerEngine
import HTTPServer
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Answers GET /v1.41/networks/<id> like dockerd: one known network, 404 for the rest.
struct FakeDockerd: HTTPHandler {
    func handle(_ request: HTTPRequest) -> HTTPResponse {
        guard request.method == "GET" else { return HTTPResponse(status: 405) }
        if request.target == "/v1.41/networks/n1" {
            let body = #"{"Id":"n1","Name":"net1","Driver":"cni-adapter","Containers":{"c1":{"EndpointID":"e1"},"c2":{"EndpointID":"e2"},"c3":{}}}"#
            return HTTPResponse(status: 200, headers: [("Content-Type", "application/json")], body: Array(body.utf8))
        }
        if request.target == "/v1.41/networks/garbage" { return HTTPResponse(status: 200, body: Array("not json".utf8)) }
        return HTTPResponse(status: 404, body: Array(#"{"message":"network not found"}"#.utf8))
    }
}

@Suite struct DockerEngineClientTests {
    func withDockerd<T>(_ body: (String) throws -> T) throws -> T {
        var template = Array("/tmp/cnia-docker-test.XXXXXX".utf8CString)
        guard let dir = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }).map({ String(cString: $0) }) else {
            throw SystemError("mkdtemp", errno: errno)
        }
        defer { _ = try? Files.removeTree(dir) }
        let server = UnixHTTPServer(path: dir + "/docker.sock", handler: FakeDockerd(), logger: Logger(level: .error))
        try server.start()
        defer { server.shutdown(grace: 1) }
        return try body(dir + "/docker.sock")
    }

    @Test func aKnownNetworkListsItsContainersEndpoints() throws {
        try withDockerd { socket in
            let network = try CurlDockerEngine(socketPath: socket, timeout: 5).network("n1")
            #expect(network?.id == "n1" && network?.name == "net1" && network?.driver == "cni-adapter")
            #expect(network?.endpointIDs == ["e1", "e2"])
        }
    }

    @Test func anUnknownNetworkIsNil() throws {
        try withDockerd { socket in
            let network = try CurlDockerEngine(socketPath: socket, timeout: 5).network("nope")
            #expect(network == nil)
        }
    }

    @Test func garbageIsABadResponseNotACrash() throws {
        try withDockerd { socket in
            _ = #expect { try CurlDockerEngine(socketPath: socket, timeout: 5).network("garbage") } throws: { error in
                "\(error)".contains("unexpected answer from dockerd")
            }
        }
    }

    @Test func aSocketNobodyServesIsUnavailable() throws {
        _ = #expect { try CurlDockerEngine(socketPath: "/tmp/cnia-no-such-dockerd.sock", timeout: 2).network("n1") } throws: { error in
            "\(error)".hasPrefix("dockerd unavailable:")
        }
    }
}
