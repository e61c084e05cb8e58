// VERSION and version negotiation (SPEC §VERSION, libcni GetVersionInfo, cni.md §2.4 and §3.1).

import AdapterOS

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// A plugin's answer to VERSION.
public struct VersionInfo: Sendable, Equatable {
    /// The `cniVersion` of the answer (reference plugins always say their library's current version).
    public var cniVersion: String
    /// Config versions the plugin accepts (exact strings; skel requires an exact match).
    public var supportedVersions: [String]

    /// Creates a version answer.
    public init(cniVersion: String, supportedVersions: [String]) {
        self.cniVersion = cniVersion
        self.supportedVersions = supportedVersions
    }

    /// Decodes a VERSION answer (libcni `PluginDecoder.Decode`): `cniVersion` is required; an
    /// empty list is only allowed for 0.2.0 (meaning 0.1.0 and 0.2.0).
    static func parse(_ bytes: [UInt8], plugin: String) throws -> VersionInfo {
        func bad(_ why: String) -> CNIExecError {
            CNIExecError(.invalidPluginOutput, "plugin \(plugin): invalid VERSION answer: \(why): \(CNIResult.preview(bytes))",
                cniCode: CNIError.decodingFailure)
        }
        guard let object = (try? JSONValue.parse(bytes))?.objectValue else { throw bad("not a JSON object") }
        guard let version = object["cniVersion"]?.stringValue, !version.isEmpty else { throw bad("cniVersion missing") }
        let supported = object["supportedVersions"]?.arrayValue?.compactMap(\.stringValue) ?? []
        if supported.isEmpty {
            guard version == "0.2.0" else { throw bad("supportedVersions missing") }
            return VersionInfo(cniVersion: version, supportedVersions: ["0.1.0", "0.2.0"])
        }
        return VersionInfo(cniVersion: version, supportedVersions: supported)
    }
}

extension CNIRuntime {
    /// Asks a plugin which config versions it supports.
    ///
    /// Sends `{"cniVersion":"1.1.0"}` with dummy `CNI_NETNS`/`CNI_IFNAME`/`CNI_PATH` (old skel
    /// versions insist on them). A plugin that does not know VERSION is treated as 0.1.0-only.
    /// - Parameter plugin: the plugin's `type` (binary name), found on `pluginPaths`.
    /// - Throws: `CNIExecError` when the plugin is missing, fails otherwise or answers garbage.
    public func version(plugin: String) throws -> VersionInfo {
        let path = try executor.find(plugin: plugin, in: pluginPaths)
        return try version(pluginPath: path, name: plugin)
    }

    func version(pluginPath: String, name: String) throws -> VersionInfo {
        let stdin = JSONValue.object(["cniVersion": .string(CNIVersion.current)]).serialized()
        let env = baseEnvironment + [
            "CNI_COMMAND=VERSION", "CNI_CONTAINERID=", "CNI_NETNS=dummy", "CNI_IFNAME=dummy", "CNI_ARGS=",
            "CNI_PATH=dummy",
        ]
        let stdout: [UInt8]
        do {
            stdout = try executor.execute(pluginPath: pluginPath, stdin: stdin, environment: env, timeout: timeout)
        } catch let error as CNIExecError where error.cniError.msg.hasPrefix("unknown CNI_COMMAND") {
            return VersionInfo(cniVersion: "0.1.0", supportedVersions: ["0.1.0"])
        }
        return try VersionInfo.parse(stdout, plugin: name)
    }

    /// The config version to send `plugin`: the list's version when the plugin supports it (or
    /// negotiation is off, or VERSION fails), else the newest version it supports that is older
    /// than the list's. Answers are cached per binary (path, inode, mtime).
    func negotiatedVersion(_ plugin: PluginConfig, list: NetworkConfigList) -> String {
        guard negotiateVersions, let path = try? executor.find(plugin: plugin.type, in: pluginPaths) else {
            return list.cniVersion
        }
        let supported: [String]
        if let known = versionCache.lookup(path) {
            supported = known
        } else {
            do {
                supported = try version(pluginPath: path, name: plugin.type).supportedVersions
                versionCache.store(path, supported)
            } catch {
                // Remembered as "unknown" (empty) so a plugin without a working VERSION is not
                // asked again on every call; a replaced binary is asked afresh.
                logger.debug("VERSION failed; sending the list version", [("plugin", plugin.type), ("error", "\(error)")])
                versionCache.store(path, [])
                return list.cniVersion
            }
        }
        if supported.isEmpty { return list.cniVersion }
        if supported.contains(list.cniVersion) { return list.cniVersion }
        let older = supported.filter { CNIVersion.isKnown($0) && CNIVersion.less($0, list.cniVersion) }
        guard let best = older.max(by: CNIVersion.less) else { return list.cniVersion }
        logger.debug("negotiated version", [("plugin", plugin.type), ("list", list.cniVersion), ("sent", best)])
        return best
    }
}

/// VERSION answers per plugin binary; a replaced binary (new inode or mtime) is asked again.
final class VersionCache: @unchecked Sendable {
    private struct Entry {
        var inode: UInt64
        var mtime: Int
        var versions: [String]
    }
    private let lock = Lock()
    private var entries: [String: Entry] = [:]

    func lookup(_ path: String) -> [String]? {
        let id = VersionCache.identity(path)
        return lock.withLock {
            guard let entry = entries[path], entry.inode == id.0, entry.mtime == id.1 else { return nil }
            return entry.versions
        }
    }

    func store(_ path: String, _ versions: [String]) {
        let id = VersionCache.identity(path)
        lock.withLock { entries[path] = Entry(inode: id.0, mtime: id.1, versions: versions) }
    }

    /// Inode and mtime; (0, 0) when the path cannot be stat'ed (e.g. a test executor's fake path).
    private static func identity(_ path: String) -> (UInt64, Int) {
        var st = stat()
        guard stat(path, &st) == 0 else { return (0, 0) }
        return (UInt64(st.st_ino), Int(st.st_mtim.tv_sec) * 1_000_000_000 + Int(st.st_mtim.tv_nsec))
    }
}
