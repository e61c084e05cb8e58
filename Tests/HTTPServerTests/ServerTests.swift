// UnixHTTPServer over a real Unix socket in a temp directory.

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

import AdapterOS
import HTTPServer
import Testing

@Suite struct ServerTests {
    @Test func keepAliveServesThreeRequestsOnOneConnection() throws {
        try withServer { server, path in
            let client = try TestClient(path: path)
            for index in 1...3 {
                let response = try #require(try client.request("/NetworkDriver.Join", body: "{\"n\":\(index)}\n"))
                #expect(response.status == 200)
                #expect(response.text == "POST /NetworkDriver.Join|{\"n\":\(index)}\n")
                #expect(response.header("connection") == nil)
            }
            #expect(server.openConnections == 1)
        }
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() throws {
        try withServer { _, path in
            let client = try TestClient(path: path)
            try client.send(String(decoding: Array(repeating: dockerJoin, count: 3).flatMap { $0 }, as: UTF8.self))
            for _ in 1...3 {
                let response = try #require(try client.readResponse())
                #expect(response.text == "POST /NetworkDriver.Join|{\"NetworkID\":\"x\"}\n")
            }
        }
    }

    @Test func eightConcurrentConnections() throws {
        try withServer { _, path in
            let boxes = try (0..<8).map { worker in
                try onThread { () -> [String] in
                    let client = try TestClient(path: path)
                    return try (0..<5).map { request in
                        try client.request("/w\(worker)", body: "r\(request)")?.text ?? "closed"
                    }
                }
            }
            for (worker, box) in boxes.enumerated() {
                let texts = try box.wait().get()
                #expect(texts == (0..<5).map { "POST /w\(worker)|r\($0)" })
            }
        }
    }

    @Test func malformedRequestGets400AndOthersKeepBeingServed() throws {
        try withServer { _, path in
            let good = try TestClient(path: path)
            #expect(try good.request("/before")?.status == 200)

            let bad = try TestClient(path: path)
            try bad.send("POST /x HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n")
            let response = try #require(try bad.readResponse())
            #expect(response.status == 400)
            #expect(response.header("connection") == "close")
            #expect(response.text == #"{"Err":"both Content-Length and Transfer-Encoding"}"#)
            #expect(try bad.waitClosed())

            #expect(try good.request("/after")?.text == "POST /after|")
        }
    }

    @Test func connectionCloseAndHTTP10EndTheConnection() throws {
        try withServer { _, path in
            let asked = try TestClient(path: path)
            #expect(try asked.request("/x", extraHeaders: "Connection: close\r\n")?.header("connection") == "close")
            #expect(try asked.waitClosed())

            let old = try TestClient(path: path)
            try old.send("GET /old HTTP/1.0\r\n\r\n")
            #expect(try old.readResponse()?.text == "GET /old|")
            #expect(try old.waitClosed())

            let oldKeepAlive = try TestClient(path: path)
            for index in 1...2 {
                try oldKeepAlive.send("GET /k\(index) HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
                let response = try #require(try oldKeepAlive.readResponse())
                #expect(response.header("connection") == "keep-alive")
                #expect(response.text == "GET /k\(index)|")
            }

            let handlerClosed = try TestClient(path: path)
            #expect(try handlerClosed.request("/close")?.header("connection") == "close")
            #expect(try handlerClosed.waitClosed())
        }
    }

    @Test func stalledRequestIsClosedWhileOthersAreServed() throws {
        try withServer(limits: HTTPLimits(requestTimeout: 0.3)) { _, path in
            let stalled = try TestClient(path: path)
            try stalled.send("POST /slow HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc")
            // Served meanwhile: the stalled connection holds only its own thread.
            let other = try TestClient(path: path)
            for index in 1...3 {
                #expect(try other.request("/fast\(index)")?.status == 200)
            }
            #expect(try stalled.waitClosed())
        }
    }

    @Test func idleKeepAliveConnectionIsClosed() throws {
        try withServer(limits: HTTPLimits(idleTimeout: 0.3)) { _, path in
            let client = try TestClient(path: path)
            #expect(try client.request("/once")?.status == 200)
            #expect(try client.waitClosed())
        }
    }

    @Test func shutdownWaitsForInFlightRequestThenRemovesSocket() throws {
        try withTempDir { dir in
            let path = dir + "/plugin.sock"
            let handler = EchoHandler()
            let server = UnixHTTPServer(path: path, handler: handler, logger: Logger(level: .error))
            try server.start()

            let idle = try TestClient(path: path)
            #expect(try idle.request("/warm")?.status == 200)
            let busy = try TestClient(path: path)
            try busy.send("POST /block HTTP/1.1\r\nHost: \r\nContent-Length: 0\r\n\r\n")
            // The handler's own signal, not inFlight alone: /warm's response reaches the
            // client a moment before its connection stops counting as in flight.
            #expect(waitUntil { handler.entered.isSet })
            #expect(waitUntil { server.inFlight == 1 })

            let stopped = try onThread { () -> Bool in
                server.shutdown(grace: 30)
                // Recorded when shutdown returns: the blocked handler must have finished first.
                return handler.finished.isSet
            }
            // Shutdown has begun once new connections are refused; the idle one is closed.
            #expect(waitUntil { (try? TestClient(path: path)) == nil })
            #expect(try idle.waitClosed())
            #expect(Files.exists(path))

            handler.gate.open()
            let response = try #require(try busy.readResponse())
            #expect(response.text == "POST /block|")
            #expect(response.header("connection") == "close")
            #expect(try stopped.wait().get())
            #expect(!Files.exists(path))
            #expect(server.openConnections == 0)
        }
    }

    @Test func atTheLimitANewConnectionReplacesOneThatNeverCompletedARequest() throws {
        try withServer(limits: HTTPLimits(maxConnections: 2, evictionGrace: 0.05)) { server, path in
            let served = try TestClient(path: path)
            #expect(try served.request("/one")?.status == 200)
            let silent = try TestClient(path: path)
            #expect(waitUntil { server.openConnections == 2 })

            // The silent one goes (it never sent a request); the kept-alive one stays.
            let third = try TestClient(path: path)
            #expect(try silent.waitClosed())
            #expect(try third.request("/three")?.text == "POST /three|")
            #expect(try served.request("/again")?.text == "POST /again|")
        }
    }

    @Test func connectionsOverTheLimitAreRefusedWhenEveryOneIsBusy() throws {
        let handler = EchoHandler()
        try withServer(limits: HTTPLimits(maxConnections: 2), handler: handler) { server, path in
            let first = try TestClient(path: path)
            let second = try TestClient(path: path)
            try first.send("POST /block HTTP/1.1\r\nContent-Length: 0\r\n\r\n")
            try second.send("POST /block HTTP/1.1\r\nContent-Length: 0\r\n\r\n")
            #expect(waitUntil { server.inFlight == 2 })

            let third = try TestClient(path: path)
            let refused = try third.readResponse()
            #expect(refused == nil || refused?.status == 503)
            #expect(try third.waitClosed())

            handler.gate.open()
            #expect(try first.readResponse()?.text == "POST /block|")
            #expect(try second.readResponse()?.text == "POST /block|")
        }
    }

    @Test func socketFileModeAndStaleSocketReplacement() throws {
        try withTempDir { dir in
            let path = dir + "/plugin.sock"
            // A stale socket file, as a crashed previous run leaves behind.
            let stale = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8)) }
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(stale, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
            }
            close(stale)
            #expect(bound == 0)

            let server = UnixHTTPServer(path: path, mode: 0o660, handler: EchoHandler(), logger: Logger(level: .error))
            try server.start()
            defer { server.shutdown(grace: 5) }
            var info = stat()
            #expect(lstat(path, &info) == 0)
            #expect(info.st_mode & 0o7777 == 0o660)
            #expect(try TestClient(path: path).request("/ok")?.status == 200)

            // A second server must not steal the socket of a live one.
            let rival = UnixHTTPServer(path: path, handler: EchoHandler(), logger: Logger(level: .error))
            #expect(throws: SystemError.self) { try rival.start() }
            #expect(try TestClient(path: path).request("/still")?.status == 200)
        }
    }

    @Test func refusesToReplaceANonSocket() throws {
        try withTempDir { dir in
            let path = dir + "/plugin.sock"
            try Files.writeAtomically(path, Array("not a socket".utf8))
            let server = UnixHTTPServer(path: path, handler: EchoHandler(), logger: Logger(level: .error))
            #expect(throws: SystemError("\(path) exists and is not a socket", errno: EEXIST)) { try server.start() }
            #expect(try Files.read(path) == Array("not a socket".utf8))
        }
    }
}
