// ADD, CHECK and DEL of a network list (SPEC §Attaching/§Checking/§Deleting, libcni api.go).

extension CNIRuntime {
    /// Attaches a container: runs ADD on each plugin in order, feeding each result to the next as
    /// `prevResult`, then caches the final result.
    ///
    /// Unlike libcni, a failed ADD is cleaned up here: DEL runs over the whole list (reverse
    /// order, with the last good result as prevResult) before the error is rethrown, because the
    /// spec requires a DEL after a failed ADD and the reference bridge leaves its veth behind
    /// otherwise (cni.md §2.1). DEL errors are logged, the ADD error is what is thrown.
    /// - Returns: the final result, in the list's `cniVersion`.
    /// - Throws: `CNIExecError`, the failing plugin's error object in `cniError`.
    @discardableResult
    public func addNetworkList(_ list: NetworkConfigList, _ rt: RuntimeConf) throws -> CNIResult {
        try rt.validate()
        var result: CNIResult?
        do {
            for plugin in list.plugins {
                let version = negotiatedVersion(plugin, list: list)
                let stdout = try invoke(plugin, .add, list: list, version: version, prevResult: result, rt: rt)
                do {
                    result = try CNIResult.parse(stdout, defaultVersion: version)
                } catch let error as CNIExecError {
                    throw error.prefixed("plugin type=\"\(plugin.type)\" failed (add): ")
                }
            }
            guard var final = result else {
                throw CNIExecError(.invalidPluginOutput, "network \(list.name): ADD produced no result")
            }
            final.cniVersion = list.cniVersion
            try writeCache(list, rt, result: final)
            logger.info("added", [("network", list.name), ("container", rt.containerID), ("ifname", rt.ifName)])
            return final
        } catch {
            logger.warn("ADD failed, running DEL", [("network", list.name), ("container", rt.containerID), ("error", "\(error)")])
            do {
                try runDel(list, rt, prevResult: result)
                try removeCache(list, rt)
            } catch let delError {
                logger.error("DEL after failed ADD failed", [("network", list.name), ("error", "\(delError)")])
            }
            throw error
        }
    }

    /// Checks an attachment: CHECK on each plugin in order with the cached result as prevResult.
    ///
    /// Does nothing for lists older than 0.4.0 (CHECK did not exist) or with `disableCheck`.
    /// Plugins that only speak a pre-0.4.0 version (after negotiation) are skipped.
    /// - Throws: `CNIExecError` of the first failing plugin, or `.cache` for an unreadable cache.
    public func checkNetworkList(_ list: NetworkConfigList, _ rt: RuntimeConf) throws {
        try rt.validate()
        guard CNIVersion.supportsCheck(list.cniVersion), !list.disableCheck else {
            logger.debug("CHECK skipped", [("network", list.name), ("cniVersion", list.cniVersion)])
            return
        }
        let cached = try getCachedResult(list, rt)
        for plugin in list.plugins {
            let version = negotiatedVersion(plugin, list: list)
            guard CNIVersion.supportsCheck(version) else { continue }
            _ = try invoke(plugin, .check, list: list, version: version, prevResult: cached, rt: rt)
        }
    }

    /// Detaches a container: DEL on each plugin in reverse order with the cached result as
    /// prevResult, then removes the cache file.
    ///
    /// Idempotent: a missing cache is fine (DEL runs without prevResult), an unreadable one is
    /// logged and ignored (cni#1072), and repeating the call succeeds as long as the plugins do.
    /// A failed DEL keeps the cache so that it can be retried.
    /// - Throws: `CNIExecError` of the first failing plugin.
    public func delNetworkList(_ list: NetworkConfigList, _ rt: RuntimeConf) throws {
        try rt.validate()
        var cached: CNIResult?
        if CNIVersion.supportsCheck(list.cniVersion) {  // libcni sends prevResult on DEL from 0.4.0
            do {
                cached = try getCachedResult(list, rt)
            } catch {
                logger.warn("ignoring unreadable result cache", [("network", list.name), ("error", "\(error)")])
            }
        }
        try runDel(list, rt, prevResult: cached)
        try removeCache(list, rt)
        logger.info("deleted", [("network", list.name), ("container", rt.containerID), ("ifname", rt.ifName)])
    }

    /// DEL over every plugin, last first, stopping at the first error (SPEC §Deleting an attachment).
    func runDel(_ list: NetworkConfigList, _ rt: RuntimeConf, prevResult: CNIResult?) throws {
        for plugin in list.plugins.reversed() {
            let version = negotiatedVersion(plugin, list: list)
            _ = try invoke(plugin, .del, list: list, version: version, prevResult: prevResult, rt: rt)
        }
    }
}
