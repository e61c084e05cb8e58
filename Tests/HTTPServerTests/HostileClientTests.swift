// Hostile clients over a real Unix socket in a temp dir: garbage, half requests, huge bodies,
// slow senders and floods get an error or a close, while a well-behaved client keeps being served.

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

import AdapterOS
import Testing
@testable import HTTPServer

/// A counter shared by the flood threads.
final class Counter: @unchecked Sendable {
    private let lock = Lock()
    private var value = 0
    func add(_ n: Int = 1) { lock.withLock { value += n } }
    var count: Int { lock.withLock { value } }
}

/// What one flood connection does; cycled so that every kind runs concurrently.
enum HostileKind: CaseIterable {
    case garbage, halfRequest, hugeContentLength, endlessChunked, silent

    /// The bytes sent right after connecting.
    var opening: [UInt8] {
        switch self {
        // A TLS ClientHello start: binary in the request line.
        case .garbage: [0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xFC, 0x03, 0x03]
        case .halfRequest: Array("POST /NetworkDriver.Join HTTP/1.1\r\nContent-Le".utf8)
        case .hugeContentLength:
            Array("POST /x HTTP/1.1\r\nContent-Length: 1000000000\r\n\r\n".utf8) + [UInt8](repeating: 0x41, count: 65536)
        case .endlessChunked:
            Array("POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n".utf8)
                + Array(String(repeating: "1000\r\n" + String(repeating: "B", count: 4096) + "\r\n", count: 4).utf8)
        case .silent: []
        }
    }
}

@Suite struct HostileClientTests {
    @Test(arguments: HostileKind.allCases)
    func eachHostileKindGetsAnErrorOrAClose(kind: HostileKind) throws {
        let limits = HTTPLimits(maxBodyBytes: 64 * 1024, requestTimeout: 0.5)
        try withServer(limits: limits) { _, path in
            let client = try TestClient(path: path)
            if !kind.opening.isEmpty { try? client.send(kind.opening) }
            // The bad ones are answered (400/413) and closed; the slow ones are closed by the
            // request timeout, which counts from accept for the silent one.
            let closedAt = monotonicSeconds()
            #expect(try client.waitClosed(timeout: 5))
            #expect(monotonicSeconds() - closedAt < 3)
        }
    }

    @Test func aGigabyteBodyIsRefusedFromItsHead() throws {
        try withServer { _, path in
            let client = try TestClient(path: path)
            try client.send("POST /x HTTP/1.1\r\nContent-Length: 1000000000\r\n\r\n")
            let response = try #require(try client.readResponse())
            #expect(response.status == 413)
            #expect(response.header("connection") == "close")
            #expect(try client.waitClosed())
        }
    }

    @Test func aSlowSenderIsCutAtTheRequestTimeoutEvenWhileTrickling() throws {
        try withServer(limits: HTTPLimits(requestTimeout: 0.5)) { _, path in
            let client = try TestClient(path: path)
            let started = monotonicSeconds()
            var closed = false
            // One byte every 50 ms never completes a head; only the total deadline stops it.
            for byte in Array("POST /slow HTTP/1.1\r\nX-Padding: ".utf8) + [UInt8](repeating: 0x61, count: 200) {
                if (try? client.send([byte])) == nil { closed = true; break }
                usleep(50_000)
                if monotonicSeconds() - started > 3 { break }
            }
            let closedByServer = try closed || client.waitClosed(timeout: 1)
            #expect(closedByServer)
            #expect(monotonicSeconds() - started < 3)
        }
    }

    /// The flood and the well-behaved client at once: four threads open connections of every
    /// hostile kind as fast as they can (bounded in count and time) while a client makes
    /// requests the way Docker does, on kept-alive and on fresh connections. Every one of its
    /// requests must succeed, and the flood must really have run meanwhile.
    @Test func wellBehavedClientIsServedDuringAFlood() throws {
        let limits = HTTPLimits(maxBodyBytes: 64 * 1024, maxConnections: 32, requestTimeout: 2, evictionGrace: 0.1)
        try withServer(limits: limits) { server, path in
            let done = Flag()
            let attempted = Counter()
            let maxFlood = 10_000
            let deadline = monotonicSeconds() + 60
            var flooders: [ResultBox<Int>] = []
            for thread in 0..<4 {
                flooders.append(try onThread { () -> Int in
                    var held: [TestClient] = []
                    var index = thread
                    while !done.isSet && attempted.count < maxFlood && monotonicSeconds() < deadline {
                        attempted.add()
                        index += 1
                        guard let client = try? TestClient(path: path) else { continue }
                        let kind = HostileKind.allCases[index % HostileKind.allCases.count]
                        if !kind.opening.isEmpty { try? client.send(kind.opening) }
                        // Hold some open so the server stays at its limit; drop the oldest.
                        held.append(client)
                        if held.count > 16 { held.removeFirst() }
                    }
                    return held.count
                })
            }

            var succeeded = 0
            // Connected on first use, as Docker does: a connection that sits silent before its
            // first request looks exactly like the flood and may be evicted.
            var keptAlive: TestClient?
            let requests = 60
            for index in 0..<requests {
                let body = #"{"NetworkID":"n\#(index)"}"#
                if index % 3 == 0 {
                    // A fresh connection, as Docker opens for concurrent calls.
                    let fresh = try TestClient(path: path)
                    if try fresh.request("/NetworkDriver.Join", body: body)?.text == "POST /NetworkDriver.Join|\(body)" {
                        succeeded += 1
                    }
                } else {
                    let client = try keptAlive ?? TestClient(path: path)
                    keptAlive = client
                    let response = try? client.request("/NetworkDriver.Join", body: body)
                    if response?.text == "POST /NetworkDriver.Join|\(body)" {
                        succeeded += 1
                    } else {
                        Issue.record("kept-alive request \(index) failed: \(String(describing: response?.status))")
                        keptAlive = nil
                    }
                }
                usleep(10_000)
            }
            let floodDuringClient = attempted.count
            done.set()
            for flooder in flooders { _ = try flooder.wait().get() }

            #expect(succeeded == requests)
            // The flood overlapped the client and pushed the server past its limit.
            #expect(floodDuringClient > limits.maxConnections * 4, "flood opened only \(floodDuringClient)")
            #expect(server.openConnections <= limits.maxConnections + limits.maxConnections / 4 + 1)
        }
    }

    @Test func socketIsMode0660WithTheConfiguredGroupAndNeverTCP() throws {
        try withTempDir { dir in
            let path = dir + "/plugin.sock"
            let group = getegid()
            let server = UnixHTTPServer(path: path, mode: 0o660, group: group, handler: EchoHandler(), logger: Logger(level: .error))
            try server.start()
            defer { server.shutdown(grace: 5) }

            var info = stat()
            #expect(lstat(path, &info) == 0)
            #expect(info.st_mode & S_IFMT == S_IFSOCK)
            // rw for owner and group, nothing for others: connecting needs write permission.
            #expect(info.st_mode & 0o7777 == 0o660)
            #expect(info.st_gid == group)
            #expect(info.st_uid == geteuid())

            // The listener is an AF_UNIX socket: there is no TCP listener to reach.
            let listenFD = server.monitor.withLock { $0.listenFD }
            var address = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let rc = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listenFD, $0, &length) }
            }
            #expect(rc == 0)
            #expect(Int32(address.ss_family) == AF_UNIX)
        }
    }

    @Test func evictionPrefersUnservedThenIdleAndNeverBusy() {
        var state = ServerState()
        state.connections[1] = .init(fd: 10, now: 0)  // served, idle since 5
        state.connections[1]?.served = 1
        state.connections[1]?.lastActivity = 5
        state.connections[2] = .init(fd: 11, now: 1)  // never served, accepted at 1
        state.connections[3] = .init(fd: 12, now: 2)  // busy
        state.connections[3]?.handling = true
        #expect(state.evictionCandidate(now: 10, grace: 0.25) == .evict(2))
        // Still inside its grace: wait rather than cut it (or the served one).
        #expect(state.evictionCandidate(now: 1.1, grace: 0.25) == .wait)
        state.connections[2] = nil
        #expect(state.evictionCandidate(now: 10, grace: 0.25) == .evict(1))
        // A served connection in the middle of its next request is left alone.
        state.connections[1]?.idle = false
        #expect(state.evictionCandidate(now: 10, grace: 0.25) == .refuse)
    }
}
