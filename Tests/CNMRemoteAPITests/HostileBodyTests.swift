// Hostile request bodies: deep nesting is refused before decoding, and the fuzzer's saved inputs
// (Fuzz/Regressions/docker-requests, Fuzz/Corpus/docker-requests) replay without a trap.

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

import FoundationEssentials
import Testing
@testable import CNMRemoteAPI

/// Runs `body` on a thread with the 512 KiB stack of a server connection thread.
private func onConnectionSizedThread(_ body: @escaping @Sendable () -> DispatchResult) -> DispatchResult? {
    final class Box: @unchecked Sendable {
        let body: @Sendable () -> DispatchResult
        var result: DispatchResult?
        init(_ body: @escaping @Sendable () -> DispatchResult) { self.body = body }
    }
    let box = Box(body)
    var attr = pthread_attr_t()
    pthread_attr_init(&attr)
    defer { pthread_attr_destroy(&attr) }
    pthread_attr_setstacksize(&attr, 512 * 1024)
    var thread = pthread_t()
    let raw = Unmanaged.passRetained(box).toOpaque()
    let rc = pthread_create(&thread, &attr, { raw in
        guard let raw else { return nil }
        let box = Unmanaged<Box>.fromOpaque(raw).takeRetainedValue()
        box.result = box.body()
        return nil
    }, raw)
    guard rc == 0 else {
        Unmanaged<Box>.fromOpaque(raw).release()
        return nil
    }
    pthread_join(thread, nil)
    return box.result
}

/// `depth` nested arrays as the value of an option, inside an otherwise valid CreateNetwork.
private func nestedCreateNetwork(depth: Int) -> [UInt8] {
    Array(("{\"NetworkID\":\"n\",\"Options\":{\"a\":" + String(repeating: "[", count: depth)
        + String(repeating: "]", count: depth) + "}}").utf8)
}

/// The repository root, from this file's path (Tests/CNMRemoteAPITests/<file>).
private let repositoryRoot: String = {
    var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3)
    return parts.joined(separator: "/")
}()

/// Every regular file of a Fuzz/ subdirectory as (name, bytes).
private func fuzzInputs(_ directory: String) -> [(name: String, bytes: [UInt8])] {
    let path = repositoryRoot + "/Fuzz/" + directory
    guard let dir = opendir(path) else { return [] }
    defer { closedir(dir) }
    var names: [String] = []
    while let entry = readdir(dir) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        if !name.hasPrefix(".") { names.append(name) }
    }
    return names.sorted().compactMap { name in
        guard let data = FileManager.default.contents(atPath: path + "/" + name) else { return nil }
        return (name, [UInt8](data))
    }
}

@Suite("Hostile bodies")
struct HostileBodyTests {
    @Test("nesting is counted outside strings only")
    func nestingCount() {
        #expect(!JSONNesting.exceeds(2, in: Array(#"{"a":[1]}"#.utf8)))
        #expect(JSONNesting.exceeds(1, in: Array(#"{"a":[1]}"#.utf8)))
        #expect(!JSONNesting.exceeds(1, in: Array(#"{"a":"[[[{{{"}"#.utf8)))
        // An escaped quote does not end the string; the brackets after it are still inside.
        #expect(!JSONNesting.exceeds(1, in: Array(#"{"a":"\"[[["}"#.utf8)))
        #expect(!JSONNesting.exceeds(1, in: Array(#"{"a":"\\"}"#.utf8)))
        #expect(JSONNesting.exceeds(1, in: Array(#"{"a":"\\",  "b":[]}"#.utf8)))
    }

    @Test("a body nested deeper than the limit is a 400 naming the limit")
    func deepBodyIs400() throws {
        let dispatcher = PluginDispatcher(network: FakeNetworkDriver(), ipam: FakeIPAMDriver())
        // Docker's deepest body nests 4; the limit leaves room, and exactly at it still works.
        let atLimit = dispatcher.dispatch(method: "NetworkDriver.CreateNetwork", body: nestedCreateNetwork(depth: PluginDispatcher.maxBodyDepth - 2))
        #expect(atLimit.status == 200)
        let over = dispatcher.dispatch(method: "NetworkDriver.CreateNetwork", body: nestedCreateNetwork(depth: PluginDispatcher.maxBodyDepth - 1))
        #expect(over.status == 400)
        #expect(try json(over.body)["Err"]?.stringValue == "NetworkDriver.CreateNetwork: invalid request: JSON nested deeper than 32 levels")
    }

    /// Before the check, depth 200 crashed a debug build (SIGSEGV) on a connection thread's stack.
    @Test("deep nesting cannot overflow a connection thread's stack", arguments: [200, 300, 10_000])
    func deepBodyOnSmallStack(depth: Int) {
        let network = FakeNetworkDriver()
        let ipam = FakeIPAMDriver()
        let body = nestedCreateNetwork(depth: depth)
        let result = onConnectionSizedThread {
            PluginDispatcher(network: network, ipam: ipam).dispatch(method: "NetworkDriver.CreateNetwork", body: body)
        }
        #expect(result?.status == 400)
    }

    @Test("the fuzzer's saved inputs replay without a trap", arguments: ["Regressions/docker-requests", "Corpus/docker-requests"])
    func replayFuzzInputs(directory: String) throws {
        let inputs = fuzzInputs(directory)
        #expect(!inputs.isEmpty, "no inputs in Fuzz/\(directory)")
        let network = FakeNetworkDriver()
        let ipam = FakeIPAMDriver()
        for (name, bytes) in inputs {
            // The target's input format: "<Interface>.<Method>\n<body>".
            let newline = bytes.firstIndex(of: 0x0A) ?? bytes.count
            let call = String(decoding: bytes[..<newline], as: UTF8.self)
            let body = Array(bytes[min(newline + 1, bytes.count)...])
            let result = onConnectionSizedThread {
                PluginDispatcher(network: network, ipam: ipam).dispatch(method: call, body: body)
            }
            #expect([200, 400, 404].contains(result?.status ?? 0), "\(name): \(result?.status ?? 0)")
            if let result { _ = try json(result.body) }
        }
    }
}
