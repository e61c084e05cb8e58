// The result cache file in libcni's on-disk format (libcni api.go `cachedInfo`, cni.md §7.1).

import FoundationEssentials

/// One cached attachment: everything DEL and GC need after the ADD that created it.
///
/// File `<cacheDir>/<networkName>-<containerID>-<ifName>`, JSON
/// `{"kind":"cniCacheV1","containerId","config"(base64 conflist),"ifName","networkName","netns",
/// "cniArgs":[[k,v]],"capabilityArgs",result}` so that cnitool and other libcni users can read it.
public struct CachedAttachment: Sendable {
    /// `CNI_CONTAINERID` of the ADD.
    public var containerID: String
    /// `CNI_IFNAME` of the ADD.
    public var ifName: String
    /// The network (list) name.
    public var networkName: String
    /// `CNI_NETNS` of the ADD (empty when unknown).
    public var netns: String
    /// `CNI_ARGS` pairs as the caller gave them.
    public var cniArgs: [(String, String)]
    /// Capability arguments of the ADD (portmap needs them again for DEL).
    public var capabilityArgs: [String: JSONValue]
    /// The conflist bytes ADD used.
    public var config: [UInt8]
    /// The final ADD result; `nil` when the file has none.
    public var result: CNIResult?

    /// The runtime configuration to replay a DEL with (the `IgnoreUnknown` pair is not duplicated).
    public var runtimeConf: RuntimeConf {
        RuntimeConf(
            containerID: containerID, netns: netns, ifName: ifName, args: cniArgs, capabilityArgs: capabilityArgs)
    }

    /// The kind tag of the current libcni format.
    static let kind = "cniCacheV1"

    /// The JSON object, with libcni's field names; empty optional fields omitted as Go does.
    func jsonValue(resultVersion: String) throws -> JSONValue {
        var object: [String: JSONValue] = [
            "kind": .string(CachedAttachment.kind),
            "containerId": .string(containerID),
            "config": .string(Data(config).base64EncodedString()),
            "ifName": .string(ifName),
            "networkName": .string(networkName),
        ]
        if !netns.isEmpty { object["netns"] = .string(netns) }
        if !cniArgs.isEmpty { object["cniArgs"] = .array(cniArgs.map { .array([.string($0.0), .string($0.1)]) }) }
        if !capabilityArgs.isEmpty { object["capabilityArgs"] = .object(capabilityArgs) }
        if let result { object["result"] = try result.jsonValue(version: resultVersion) }
        return .object(object)
    }

    /// Parses a cache file; a file without `kind` is libcni's legacy format (just the result).
    /// - Throws: `CNIExecError.cache` when the file is not a valid cache (e.g. 0 bytes after a crash).
    static func parse(_ bytes: [UInt8], path: String, defaultVersion: String) throws -> CachedAttachment {
        func bad(_ why: String) -> CNIExecError { CNIExecError(.cache, "result cache \(path): \(why)") }
        guard let value = try? JSONValue.parse(bytes), let object = value.objectValue else {
            throw bad("not a JSON object")
        }
        guard let kind = object["kind"] else {
            let result = try CNIResult.parse(value, defaultVersion: defaultVersion)
            return CachedAttachment(
                containerID: "", ifName: "", networkName: "", netns: "", cniArgs: [], capabilityArgs: [:],
                config: [], result: result)
        }
        guard kind.stringValue == CachedAttachment.kind else { throw bad("unknown kind \(kind)") }
        var config: [UInt8] = []
        if let encoded = object["config"]?.stringValue {
            guard let data = Data(base64Encoded: encoded) else { throw bad("config is not base64") }
            config = Array(data)
        }
        var cniArgs: [(String, String)] = []
        for pair in object["cniArgs"]?.arrayValue ?? [] {
            guard let kv = pair.arrayValue, kv.count == 2, let k = kv[0].stringValue, let v = kv[1].stringValue else {
                throw bad("cniArgs must be [[key, value], …]")
            }
            cniArgs.append((k, v))
        }
        var result: CNIResult?
        if let raw = object["result"], raw != .null {
            do {
                result = try CNIResult.parse(raw, defaultVersion: defaultVersion)
            } catch {
                throw bad("result: \(error)")
            }
        }
        return CachedAttachment(
            containerID: object["containerId"]?.stringValue ?? "", ifName: object["ifName"]?.stringValue ?? "",
            networkName: object["networkName"]?.stringValue ?? "", netns: object["netns"]?.stringValue ?? "",
            cniArgs: cniArgs, capabilityArgs: object["capabilityArgs"]?.objectValue ?? [:], config: config,
            result: result)
    }
}
