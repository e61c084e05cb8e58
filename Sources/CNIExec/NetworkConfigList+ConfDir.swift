// Finding a network's configuration in a conf dir (libcni LoadNetworkConf / LoadConf, cni.md §4.5).

import AdapterOS

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

extension NetworkConfigList {
    /// Configs larger than this are not read (go-cni's limit; a config is a few KiB).
    static let maxConfigSize = 2 << 20

    /// Loads the network called `name` from `dir` the way libcni does:
    /// 1. `*.conflist` files, sorted by file name, first whose `name` matches; unless it sets
    ///    `loadOnlyInlinedPlugins`, plugin objects from `<dir>/<name>/*.conf` (sorted) are appended
    ///    (libcni ≥ 1.3, cni#928), and the list may then have no inline `plugins`;
    /// 2. otherwise `*.conf` and `*.json` single-plugin files, sorted, first match, wrapped in a list.
    ///
    /// Files that fail to parse are skipped (another file may define the network), but if nothing
    /// matches, the error mentions them.
    /// - Throws: `CNIExecError.invalidConfig` when no file defines `name`, or a fragment is invalid.
    public static func loadConfList(dir: String, name: String) throws -> NetworkConfigList {
        var skipped: [String] = []
        for path in try configFiles(dir: dir, extensions: ["conflist"]) {
            do {
                let list = try parse(try readFile(path), source: path, allowEmptyPlugins: true)
                if list.name == name { return try withFragments(list, dir: dir, source: path) }
            } catch let error as CNIExecError {
                skipped.append(error.cniError.msg)
            }
        }
        for path in try configFiles(dir: dir, extensions: ["conf", "json"]) {
            do {
                let list = try load(path: path)
                if list.name == name { return list }
            } catch let error as CNIExecError {
                skipped.append(error.cniError.msg)
            }
        }
        var message = "no network config named \"\(name)\" in \(dir)"
        if !skipped.isEmpty { message += " (skipped invalid files: \(skipped.joined(separator: "; ")))" }
        throw CNIExecError(.invalidConfig, message, cniCode: CNIError.invalidNetworkConfig)
    }

    /// Appends `<dir>/<name>/*.conf` plugin objects; the list's bytes become the merged list so
    /// the cache records what actually ran.
    private static func withFragments(_ list: NetworkConfigList, dir: String, source: String) throws -> NetworkConfigList {
        guard var object = (try? JSONValue.parse(list.bytes))?.objectValue else { return list }
        let inlinedOnly = object["loadOnlyInlinedPlugins"]?.boolValue ?? false
        let fragments = inlinedOnly ? [] : try configFiles(dir: "\(dir)/\(list.name)", extensions: ["conf"])
        if fragments.isEmpty {
            guard !list.plugins.isEmpty else { throw CNIExecError.config(source, "plugins", "must not be empty") }
            return list
        }
        var plugins = object["plugins"]?.arrayValue ?? []
        for path in fragments {
            guard let raw = (try? JSONValue.parse(try readFile(path)))?.objectValue else {
                throw CNIExecError.config(path, "plugin", "must be a JSON object")
            }
            _ = try PluginConfig(raw: raw, field: "plugin", source: path)
            plugins.append(.object(raw))
        }
        object["plugins"] = .array(plugins)
        return try parse(JSONValue.object(object).serialized(), source: source)
    }

    private static func readFile(_ path: String) throws -> [UInt8] {
        do {
            guard let bytes = try Files.read(path) else {
                throw CNIExecError(.invalidConfig, "\(path): no such file", cniCode: CNIError.invalidNetworkConfig)
            }
            return bytes
        } catch let error as CNIExecError {
            throw error
        } catch {
            throw CNIExecError.system(.io, "read \(path)", error)
        }
    }

    /// Every valid network config in `dir`, in go-cni's order (all three extensions sorted by file
    /// name together; the first is what go-cni calls the default network). Invalid files are skipped;
    /// `<name>/` plugin fragments are not merged here (use `loadConfList(dir:name:)`).
    public static func loadAll(dir: String) throws -> [NetworkConfigList] {
        try configFiles(dir: dir, extensions: ["conf", "conflist", "json"]).compactMap { try? load(path: $0) }
    }

    /// Regular files in `dir` with one of `extensions`, sorted by name; a missing dir is empty.
    static func configFiles(dir: String, extensions: [String]) throws -> [String] {
        let names: [String]
        do {
            names = try Files.list(dir)
        } catch {
            throw CNIExecError.system(.io, "list config dir", error)
        }
        return names.filter { name in
            extensions.contains { name.hasSuffix("." + $0) } && !name.hasPrefix(".")
        }.map { "\(dir)/\($0)" }.filter(isSmallRegularFile)
    }

    private static func isSmallRegularFile(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG && Int(st.st_size) <= maxConfigSize
    }
}
