// libFuzzer entry for the CNI JSON readers (built by scripts/fuzz.sh, not SwiftPM).
//
// Every input goes to both CNIResult.parse (what plugins print, and the cache) and
// NetworkConfigList.parse (conflists). Compiled into the CNIExec module. Oracles:
// 1. No crash, hang or ASan report, on a connection thread's 512 KiB stack (results are
//    parsed while a Docker call is served).
// 2. JSONValue round-trips: parse(serialized(v)) == v, also for the indented form.
// 3. A parsed result re-encoded in its own version parses back to the same result (from 0.3.0
//    on; older versions are lossy, so there the encoding must only be stable).
// 4. A parsed conflist has a valid name and plugin types, and its own bytes parse to it again.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCNIJSON(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    onConnectionSizedThread { checkCNIJSON(bytes) }
    return 0
}

func checkCNIJSON(_ bytes: [UInt8]) {
    // 2. JSON round trip.
    if let value = try? JSONValue.parse(bytes) {
        check((try? JSONValue.parse(value.serialized())) == value, "compact round trip changed \(value)")
        check((try? JSONValue.parse(value.prettySerialized())) == value, "indented round trip changed \(value)")
    }
    // 3. Result round trip.
    if let result = try? CNIResult.parse(bytes) {
        do {
            // 0.1.0/0.2.0 cannot hold a route without an address of its family (libcni drops
            // it too), so the first encoding may lose data; from then on it must be stable.
            let encoded = try result.encoded(version: result.cniVersion)
            let again = try CNIResult.parse(encoded)
            if CNIVersion.less("0.2.0", result.cniVersion) {
                check(again == result, "result round trip changed \(result) into \(again)")
            }
            check(try again.encoded(version: again.cniVersion) == encoded, "result encoding is not stable: \(result)")
        } catch {
            fatalError("a parsed result does not re-encode and parse: \(error); \(result)")
        }
    }
    // 4. Conflist invariants.
    if let list = try? NetworkConfigList.parse(bytes) {
        check(NetworkConfigList.isValidName(list.name), "invalid name accepted: \(list.name)")
        for plugin in list.plugins {
            check(!plugin.type.isEmpty && !plugin.type.contains("/") && plugin.type != "." && plugin.type != "..",
                "unsafe plugin type accepted: \(plugin.type)")
        }
        check((try? NetworkConfigList.parse(list.bytes)) == list, "conflist bytes do not parse to the same list")
    }
}
