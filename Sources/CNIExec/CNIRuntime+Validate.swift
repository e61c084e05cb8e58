// Up-front validation of a network list (libcni ValidateNetworkList, cni.md §7.2).

extension CNIRuntime {
    /// Checks that every plugin of `list` exists on `pluginPaths` and accepts the config version it
    /// would be sent (the list's, or the negotiated one), before any container depends on it.
    /// - Returns: the union of the capabilities the plugins enable, sorted (e.g. `portMappings`).
    /// - Throws: `CNIExecError.pluginNotFound`, or `.unsupportedVersion` naming the plugin and
    ///   the versions it supports.
    public func validateNetworkList(_ list: NetworkConfigList) throws -> [String] {
        var capabilities = Set<String>()
        for plugin in list.plugins {
            let info = try version(plugin: plugin.type)
            let sent = negotiatedVersion(plugin, list: list)
            guard info.supportedVersions.contains(sent) else {
                throw CNIExecError(
                    .unsupportedVersion,
                    "plugin type=\"\(plugin.type)\" does not support config version \"\(sent)\" (supports \(info.supportedVersions))",
                    cniCode: CNIError.incompatibleVersion)
            }
            capabilities.formUnion(plugin.enabledCapabilities)
        }
        return capabilities.sorted()
    }
}
