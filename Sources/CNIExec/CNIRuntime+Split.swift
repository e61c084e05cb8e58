// Running part of a chain on its own: a network list split in two, where the second part runs
// later with the first part's result (DESIGN.md §2: port plugins run at
// ProgramExternalConnectivity, after the rest of the chain ran at CreateEndpoint).

extension NetworkConfigList {
    /// The same list (name, versions, flags, and `bytes` of the whole list, so the cache still
    /// records the full config) with only the plugins `include` accepts.
    public func subset(_ include: (PluginConfig) -> Bool) -> NetworkConfigList {
        NetworkConfigList(
            name: name, cniVersion: cniVersion, cniVersions: cniVersions, disableCheck: disableCheck,
            disableGC: disableGC, plugins: plugins.filter(include), bytes: bytes)
    }
}

extension CNIRuntime {
    /// ADD over `list`'s plugins starting from `prevResult`, without reading or writing the
    /// result cache (the first part of the chain owns it). A failure runs DEL over the same
    /// plugins before it is rethrown.
    /// - Returns: the last plugin's result (`prevResult` when the list is empty).
    @discardableResult
    public func addPlugins(_ list: NetworkConfigList, _ rt: RuntimeConf, prevResult: CNIResult?) throws -> CNIResult? {
        try rt.validate()
        var result = prevResult
        do {
            for plugin in list.plugins {
                let version = negotiatedVersion(plugin, list: list)
                let stdout = try invoke(plugin, .add, list: list, version: version, prevResult: result, rt: rt)
                result = try CNIResult.parse(stdout, defaultVersion: version)
            }
            return result
        } catch {
            do {
                try runDel(list, rt, prevResult: prevResult)
            } catch let delError {
                logger.error("DEL after failed partial ADD failed", [("network", list.name), ("error", "\(delError)")])
            }
            throw error
        }
    }

    /// DEL over `list`'s plugins (last first) with `prevResult`, without touching the cache.
    public func delPlugins(_ list: NetworkConfigList, _ rt: RuntimeConf, prevResult: CNIResult?) throws {
        try rt.validate()
        try runDel(list, rt, prevResult: prevResult)
    }
}
