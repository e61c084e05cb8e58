// Finding a network's configuration in a conf dir (libcni LoadNetworkConf / LoadConf, cni.md §4.5).

import AdapterOS

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

extension NetworkConfigList {
    /// Configs larger than this are not read (go-cni's limit; a config is a few KiB).
    static let maxConfigSize = 2 << 20

    /// Loads the network called `name` from `dir` the way libcni does:
    /// 1. `*.conflist` files, sorted by file name, first whose `name` matches;
    /// 2. otherwise `*.conf` and `*.json` single-plugin files, sorted, first match, wrapped in a list.
    ///
    /// Files that fail to parse are skipped (another file may define the network), but if nothing
    /// matches, the error mentions them. Sibling `<dir>/<name>/*.conf` plugin fragments
    /// (libcni ≥ 1.3 without `loadOnlyInlinedPlugins`) are not supported.
    /// - Throws: `CNIExecError.invalidConfig` when no file defines `name`.
    public static func loadConfList(dir: String, name: String) throws -> NetworkConfigList {
        var skipped: [String] = []
        for extensions in [["conflist"], ["conf", "json"]] {
            for path in try configFiles(dir: dir, extensions: extensions) {
                do {
                    let list = try load(path: path)
                    if list.name == name { return list }
                } catch let error as CNIExecError {
                    skipped.append(error.cniError.msg)
                }
            }
        }
        var message = "no network config named \"\(name)\" in \(dir)"
        if !skipped.isEmpty { message += " (skipped invalid files: \(skipped.joined(separator: "; ")))" }
        throw CNIExecError(.invalidConfig, message, cniCode: CNIError.invalidNetworkConfig)
    }

    /// Every valid network config in `dir`, in go-cni's order (all three extensions sorted by file
    /// name together; the first is what go-cni calls the default network). Invalid files are skipped.
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
