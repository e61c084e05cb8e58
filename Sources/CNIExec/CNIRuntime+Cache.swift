// Reading and writing the result cache (libcni cacheAdd / getCachedResult / cacheDel).

import AdapterOS

extension CNIRuntime {
    /// The cache file of an attachment: `<cacheDir>/<network>-<containerID>-<ifName>`.
    public func cachePath(network: String, containerID: String, ifName: String) -> String {
        "\(cacheDir)/\(network)-\(containerID)-\(ifName)"
    }

    /// The cached final ADD result of an attachment, stamped with the list's version.
    /// - Returns: `nil` when there is no cache file (never added, or already deleted).
    /// - Throws: `CNIExecError.cache` when the file exists but cannot be read or parsed.
    public func getCachedResult(_ list: NetworkConfigList, _ rt: RuntimeConf) throws -> CNIResult? {
        try rt.validate()
        guard var result = try cachedAttachment(network: list.name, containerID: rt.containerID, ifName: rt.ifName)?.result
        else { return nil }
        result.cniVersion = list.cniVersion
        return result
    }

    /// The whole cache entry of an attachment, or `nil` when there is none.
    /// - Throws: `CNIExecError.cache` for an unreadable or corrupt file.
    public func cachedAttachment(network: String, containerID: String, ifName: String) throws -> CachedAttachment? {
        let path = cachePath(network: network, containerID: containerID, ifName: ifName)
        let bytes: [UInt8]?
        do {
            bytes = try Files.read(path)
        } catch {
            throw CNIExecError.system(.cache, "read result cache", error)
        }
        guard let bytes else { return nil }
        var entry = try CachedAttachment.parse(bytes, path: path, defaultVersion: CNIVersion.current)
        // Legacy files hold only the result; the file name supplies the rest.
        if entry.networkName.isEmpty {
            entry.networkName = network
            entry.containerID = containerID
            entry.ifName = ifName
        }
        return entry
    }

    /// Every readable cache entry of `network` (for GC). Corrupt files are logged and skipped.
    public func cachedAttachments(network: String) throws -> [CachedAttachment] {
        let names: [String]
        do {
            names = try Files.list(cacheDir)
        } catch {
            throw CNIExecError.system(.cache, "list result cache", error)
        }
        var entries: [CachedAttachment] = []
        for name in names where name.hasPrefix(network + "-") && !name.contains(".tmp.") {
            let path = "\(cacheDir)/\(name)"
            do {
                guard let bytes = try Files.read(path) else { continue }
                let entry = try CachedAttachment.parse(bytes, path: path, defaultVersion: CNIVersion.current)
                // Another network may share the prefix ("net" vs "net-2"): trust the content.
                if entry.networkName == network { entries.append(entry) }
            } catch {
                logger.warn("skipping unreadable cache file", [("path", path), ("error", "\(error)")])
            }
        }
        return entries
    }

    /// Writes the cache entry atomically (libcni uses a plain write and can leave 0-byte files).
    func writeCache(_ list: NetworkConfigList, _ rt: RuntimeConf, result: CNIResult) throws {
        let entry = CachedAttachment(
            containerID: rt.containerID, ifName: rt.ifName, networkName: list.name, netns: rt.netns,
            cniArgs: rt.args, capabilityArgs: rt.capabilityArgs, config: list.bytes, result: result)
        let bytes = try entry.jsonValue(resultVersion: list.cniVersion).serialized()
        let path = cachePath(network: list.name, containerID: rt.containerID, ifName: rt.ifName)
        do {
            try Files.makeDirectories(cacheDir, mode: 0o700)
            try Files.writeAtomically(path, bytes, mode: 0o600)
        } catch {
            throw CNIExecError.system(.cache, "failed to set network \(list.name) cached result", error)
        }
    }

    /// Removes the cache entry; a missing one is fine.
    func removeCache(_ list: NetworkConfigList, _ rt: RuntimeConf) throws {
        do {
            try Files.remove(cachePath(network: list.name, containerID: rt.containerID, ifName: rt.ifName))
        } catch {
            throw CNIExecError.system(.cache, "remove result cache", error)
        }
    }
}

extension CNIRuntime {
    /// The conflist an attachment was added with (libcni `GetNetworkListCachedConfig`), so that
    /// DEL can run with exactly what ADD used even if the file on disk changed since.
    /// - Returns: `nil` when there is no cache entry or it holds no config (legacy format).
    /// - Throws: `CNIExecError.cache` / `.invalidConfig` for a corrupt entry.
    public func cachedNetworkList(network: String, containerID: String, ifName: String) throws -> NetworkConfigList? {
        guard let entry = try cachedAttachment(network: network, containerID: containerID, ifName: ifName),
            !entry.config.isEmpty
        else { return nil }
        return try NetworkConfigList.parse(entry.config, source: cachePath(network: network, containerID: containerID, ifName: ifName))
    }
}
