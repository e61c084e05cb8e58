// `cnm-adapter cni test`: one CNI config through ADD/CHECK/DEL/GC/STATUS in throwaway
// namespaces, reporting what breaks the spec (cni.md): DEL idempotence, DEL without netns,
// result versions and interface indices, CHECK after ADD, leftovers on the host and in the netns.

import AdapterOS
import CNIExec

/// What `cni test` runs and where.
public struct CNITestOptions: Sendable {
    /// The `.conflist` (or single-plugin `.conf`) file.
    public var conflist: String
    /// `CNI_PATH` directories.
    public var pluginPaths: [String]
    /// Seconds per plugin execution.
    public var timeout: Double = 60

    /// Creates options.
    public init(conflist: String, pluginPaths: [String]) {
        self.conflist = conflist
        self.pluginPaths = pluginPaths
    }
}

/// Runs the CNI spec checks.
public struct CNITester {
    let options: CNITestOptions
    let host: any CNITestHost
    let scratch: String

    /// A tester using `host`, with its result cache under `scratch` (removed by the caller).
    public init(options: CNITestOptions, host: any CNITestHost, scratch: String) {
        self.options = options
        self.host = host
        self.scratch = scratch
    }

    /// Runs every check; failures are checks, never thrown.
    public func run() -> ConformanceReport {
        var report = ConformanceReport()
        func record(_ name: String, _ status: CheckStatus, _ message: String) {
            report.checks.append(ConformanceCheck(group: "cni", name: name, status: status, message: message))
        }
        let list: NetworkConfigList
        do {
            list = try NetworkConfigList.load(path: options.conflist)
            record("config", .pass, "network \(list.name), cniVersion \(list.cniVersion), plugins \(list.plugins.map(\.type).joined(separator: ", "))")
        } catch {
            record("config", .fail, "cannot load \(options.conflist): \(error)")
            return report
        }
        let recorder = RecordingExecutor(ProcessPluginExecutor())
        let runtime = CNIRuntime(executor: recorder, pluginPaths: options.pluginPaths, cacheDir: scratch + "/cache", timeout: options.timeout)
        let suffix = String(Bindings.randomID().prefix(8))
        let ns1 = "cnia-ct-\(suffix)", ns2 = "cnia-ct-\(suffix)b"
        let newCapable = CNIVersion.supportsGCAndStatus(list.cniVersion)

        let hostLinksBefore = (try? host.links(in: nil)) ?? [:]
        let hostAddressesBefore = (try? host.hostAddresses()) ?? []
        defer {
            try? host.removeNamespace(ns1)
            try? host.removeNamespace(ns2)
        }
        let path1: String, path2: String
        do {
            path1 = try host.createNamespace(ns1)
            path2 = try host.createNamespace(ns2)
        } catch {
            record("namespaces", .fail, "cannot create test namespaces: \(error)")
            return report
        }

        if newCapable {
            do {
                try runtime.statusNetworkList(list)
                record("STATUS", .pass, "plugins report ready")
            } catch {
                record("STATUS", .fail, "STATUS failed: \(error)")
            }
        } else {
            record("STATUS", .skip, "cniVersion \(list.cniVersion) has no STATUS (1.1.0+)")
        }

        let rt1 = RuntimeConf(containerID: ns1, netns: path1, ifName: "eth0")
        recorder.reset()
        let added: Bool
        do {
            let result = try runtime.addNetworkList(list, rt1)
            added = true
            record("ADD", .pass, "\(result.interfaces.count) interfaces, ips \(result.ips.map(\.address).joined(separator: " "))")
        } catch {
            added = false
            record("ADD", .fail, "ADD failed: \(error)")
        }
        let addCalls = recorder.invocations.filter { $0.command == "ADD" }
        if added {
            checkResults(addCalls, list: list, netns: path1, record: record)
        }
        let linksAfterAdd = (try? host.links(in: nil)) ?? [:]

        if added {
            if CNIVersion.supportsCheck(list.cniVersion) && !list.disableCheck {
                do {
                    try runtime.checkNetworkList(list, rt1)
                    record("CHECK after ADD", .pass, "CHECK accepted the attachment ADD just made")
                } catch {
                    record("CHECK after ADD", .fail, "CHECK right after ADD failed: \(error)")
                }
            } else {
                record("CHECK after ADD", .skip, "cniVersion \(list.cniVersion) or disableCheck: no CHECK")
            }
        }

        do {
            try runtime.delNetworkList(list, rt1)
            record("DEL", .pass, "DEL succeeded")
        } catch {
            record("DEL", .fail, "DEL failed: \(error)")
        }
        do {
            try runtime.delNetworkList(list, rt1)
            record("DEL again", .pass, "a second DEL of the same attachment succeeded")
        } catch {
            record("DEL again", .fail, "DEL is not idempotent: the second DEL failed: \(error)")
        }

        // What DEL left behind in the container namespace.
        if let inside = try? host.links(in: path1) {
            let left = inside.keys.filter { $0 != "lo" }.sorted()
            record("netns after DEL", left.isEmpty ? .pass : .fail,
                   left.isEmpty ? "only lo left in the container netns" : "DEL left \(left.joined(separator: ", ")) in the container netns")
        }

        // DEL when the namespace is already gone (runtime cleaning up after a dead container).
        let rt2 = RuntimeConf(containerID: ns2, netns: path2, ifName: "eth0")
        do {
            try runtime.addNetworkList(list, rt2)
            try host.removeNamespace(ns2)
            do {
                try runtime.delNetworkList(list, rt2)
                record("DEL with missing netns", .pass, "DEL succeeded after the namespace was removed")
            } catch {
                record("DEL with missing netns", .fail, "DEL failed once the netns was gone (the spec requires success): \(error)")
            }
        } catch {
            record("DEL with missing netns", .skip, "could not set up a second attachment: \(error)")
        }

        if newCapable && !list.disableGC {
            do {
                try runtime.gcNetworkList(list, validAttachments: [])
                record("GC", .pass, "GC with no valid attachments succeeded")
            } catch {
                record("GC", .fail, "GC failed: \(error)")
            }
        } else {
            record("GC", .skip, "cniVersion \(list.cniVersion) or disableGC: no GC")
        }

        // Host leftovers: links and addresses that appeared and stayed. A bridge is a network-wide
        // device the reference bridge plugin keeps by design; only per-attachment links count.
        let hostLinksAfter = (try? host.links(in: nil)) ?? [:]
        let appeared = hostLinksAfter.filter { hostLinksBefore[$0.key] == nil }
        let kept = appeared.filter { $0.value == "bridge" }.keys.sorted()
        let leaked = appeared.filter { $0.value != "bridge" }.keys.sorted()
        record("host links after DEL", leaked.isEmpty ? .pass : .fail,
               leaked.isEmpty
                ? "no attachment link left in the host netns (\(linksAfterAdd.count - hostLinksBefore.count) appeared during ADD)\(kept.isEmpty ? "" : "; network bridge \(kept.joined(separator: ", ")) kept, as the reference bridge does")"
                : "DEL left \(leaked.map { "\($0) (\(appeared[$0]!.isEmpty ? "link" : appeared[$0]!))" }.joined(separator: ", ")) in the host netns")
        if let after = try? host.hostAddresses() {
            let extra = after.subtracting(hostAddressesBefore).filter { entry in
                !kept.contains { entry.hasPrefix($0 + " ") }
            }.sorted()
            record("host addresses after DEL", extra.isEmpty ? .pass : .fail,
                   extra.isEmpty ? "no address left in the host netns" : "DEL left addresses in the host netns: \(extra.joined(separator: ", "))")
        }
        // Remove what the test made on the host: links that did not exist before.
        for name in appeared.keys { try? host.deleteHostLink(name) }
        return report
    }

    /// Result version and interface checks on every ADD answer.
    private func checkResults(
        _ calls: [CNIInvocation], list: NetworkConfigList, netns: String, record: (String, CheckStatus, String) -> Void
    ) {
        var versionProblems: [String] = []
        var lastResult: JSON?
        for call in calls {
            guard let stdout = call.stdout, let result = JSON.parseOrNil(stdout) else { continue }
            let answered = result.string("cniVersion")
            if answered != call.sentVersion {
                versionProblems.append("\(call.plugin) answered ADD with cniVersion \"\(answered)\" to a config of \(call.sentVersion)")
            }
            lastResult = result
        }
        record("result version", versionProblems.isEmpty ? .pass : .fail,
               versionProblems.isEmpty ? "every ADD result has the cniVersion of its config" : versionProblems.joined(separator: "; "))
        guard let result = lastResult, CNIVersion.atLeast(list.cniVersion, "0.3.0") else { return }
        var problems: [String] = []
        let interfaces = result["interfaces"]?.arrayValue ?? []
        for (i, ip) in (result["ips"]?.arrayValue ?? []).enumerated() {
            guard let index = ip["interface"]?.intValue else { continue }
            if index < 0 || index >= interfaces.count {
                problems.append("ips[\(i)].interface = \(index) but the result lists \(interfaces.count) interfaces")
            }
        }
        let container = interfaces.first { $0.string("name") == "eth0" }
        if container == nil {
            problems.append("the container interface eth0 is not in interfaces")
        } else if container?.string("sandbox") != netns {
            problems.append("interface eth0 has sandbox \"\(container?.string("sandbox") ?? "")\", not the netns \(netns)")
        }
        record("result interfaces", problems.isEmpty ? .pass : .fail,
               problems.isEmpty ? "eth0 listed with its sandbox; every ips[].interface points at a listed interface" : problems.joined(separator: "; "))
    }
}
