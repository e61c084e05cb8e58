// libFuzzer entry for decoding every Docker plugin call (built by scripts/fuzz.sh, not SwiftPM).
//
// Input: "<Interface>.<Method>\n<body>", the call name Docker puts in the path, then the body
// (Fuzz/make-seeds.py writes the captured traces in this shape). Compiled into the CNMRemoteAPI
// module, so internal API is reachable. Oracles:
// 1. No crash, hang or ASan report while decoding, dispatching and encoding, on a thread with the
//    512 KiB stack of a server connection thread (AdapterOS.startThread): a stack overflow
//    there kills the daemon, and the fuzzer's own 8 MiB main thread would hide it.
// 2. The answer is 200, 400 or 404 (the echo drivers never throw, so a 500 is an encoding bug),
//    and its body is a JSON object; a non-200 body has a non-empty "Err" (cnm-protocol.md §2.1).

import FoundationEssentials

let dispatcher = PluginDispatcher(network: EchoNetworkDriver(), ipam: EchoIPAMDriver())

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDockerRequests(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let newline = bytes.firstIndex(of: 0x0A) ?? bytes.count
    let call = String(decoding: bytes[..<newline], as: UTF8.self)
    let body = Array(bytes[min(newline + 1, bytes.count)...])

    let result = onConnectionSizedThread { dispatcher.dispatch(method: call, body: body) }
    check([200, 400, 404].contains(result.status), "status \(result.status) for \(call): \(String(decoding: result.body, as: UTF8.self))")
    let answer = try? JSONDecoder().decode(JSONValue.self, from: Data(result.body))
    check(answer?.objectValue != nil, "answer is not a JSON object: \(String(decoding: result.body, as: UTF8.self))")
    if result.status != 200 {
        check(!(answer?["Err"]?.stringValue ?? "").isEmpty, "error answer without Err")
    }
    _ = result.logMetadata
    return 0
}
