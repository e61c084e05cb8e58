// GC and STATUS (SPEC 1.1.0 §GC, §STATUS; libcni GCNetworkList, GetStatusNetworkList; cni.md §2.5-2.6).

/// An attachment that is still in use, for GC's `cni.dev/valid-attachments`.
public struct GCAttachment: Sendable, Equatable, Hashable {
    /// `CNI_CONTAINERID` of the attachment.
    public var containerID: String
    /// `CNI_IFNAME` of the attachment.
    public var ifName: String

    /// Creates a valid-attachment entry.
    public init(containerID: String, ifName: String) {
        self.containerID = containerID
        self.ifName = ifName
    }
}

extension CNIRuntime {
    /// Garbage-collects a network.
    ///
    /// 1. Every cached attachment of this network that is not in `validAttachments` gets a full
    ///    DEL, replayed from its cache entry (netns, args, capability args).
    /// 2. For lists of version ≥ 1.1.0, every plugin gets GC with `cni.dev/valid-attachments` (and
    ///    the misspelled `cni.dev/attachments` libcni also sends, cni#1101).
    /// Errors do not stop the walk; they are all reported together at the end.
    ///
    /// Does nothing when the list has `disableGC`. The caller must not run ADD or DEL on this
    /// network meanwhile (SPEC §GC).
    /// - Parameter validAttachments: attachments to keep. `nil` keeps none and sends no list to
    ///   the plugins, like `cnitool gc` — every cached attachment is deleted.
    /// - Throws: `CNIExecError` listing every failure.
    public func gcNetworkList(_ list: NetworkConfigList, validAttachments: [GCAttachment]?) throws {
        guard !list.disableGC else { return }
        var failures: [CNIExecError] = []
        // 1. Stale cached attachments.
        let valid = Set(validAttachments ?? [])
        do {
            for entry in try cachedAttachments(network: list.name)
            where !valid.contains(GCAttachment(containerID: entry.containerID, ifName: entry.ifName)) {
                logger.info("GC: deleting stale attachment", [("network", list.name), ("container", entry.containerID)])
                do {
                    try delNetworkList(list, entry.runtimeConf)
                } catch let error as CNIExecError {
                    failures.append(error)
                }
            }
        } catch let error as CNIExecError {
            failures.append(error)
        }
        // 2. Plugin GC.
        if CNIVersion.supportsGCAndStatus(list.cniVersion) {
            var extra: [String: JSONValue] = [:]
            if let validAttachments {
                let array = JSONValue.array(validAttachments.map {
                    .object(["containerID": .string($0.containerID), "ifname": .string($0.ifName)])
                })
                extra = ["cni.dev/valid-attachments": array, "cni.dev/attachments": array]
            }
            for plugin in list.plugins {
                let version = negotiatedVersion(plugin, list: list)
                guard CNIVersion.supportsGCAndStatus(version) else { continue }
                do {
                    _ = try invoke(plugin, .gc, list: list, version: version, prevResult: nil, rt: nil, extra: extra)
                } catch let error as CNIExecError {
                    failures.append(error)
                }
            }
        }
        if failures.count == 1 { throw failures[0] }
        if !failures.isEmpty {
            let message = "GC of network \(list.name) had \(failures.count) errors: "
                + failures.map { $0.cniError.description }.joined(separator: "; ")
            throw CNIExecError(.pluginFailed, message)
        }
    }

    /// Asks every plugin whether it is ready for ADDs; the first failure is thrown (its code is
    /// typically 50 or 51).
    ///
    /// Lists older than 1.1.0 are reported ready without running anything (libcni), as are
    /// plugins that only speak an older version after negotiation.
    /// - Throws: `CNIExecError` of the first plugin that is not ready.
    public func statusNetworkList(_ list: NetworkConfigList) throws {
        guard CNIVersion.supportsGCAndStatus(list.cniVersion) else { return }
        for plugin in list.plugins {
            let version = negotiatedVersion(plugin, list: list)
            guard CNIVersion.supportsGCAndStatus(version) else { continue }
            _ = try invoke(plugin, .status, list: list, version: version, prevResult: nil, rt: nil)
        }
    }
}
