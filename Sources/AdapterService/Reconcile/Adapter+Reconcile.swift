// Repair and garbage collection: Docker ignores our cleanup errors and forgets nothing it told
// us, so we are the ones who must notice what was left behind (DESIGN.md §2, Invariants).

import AdapterOS
import CNIExec

/// One thing reconcile removed (or, in a dry run, would remove).
public struct Repair: Sendable, Equatable, CustomStringConvertible {
    public var kind: String
    public var object: String
    public var reason: String

    public var description: String { "\(kind) \(object): \(reason)" }
}

extension Adapter {
    /// Objects younger than this are left alone: Docker lists an endpoint only after Join.
    static let reconcileGrace: Double = 120

    /// At start, before serving (`atStart`), and in every reconcile pass: finish what a crash
    /// interrupted. Endpoints caught in `adding` never reached Docker (it saw the call fail);
    /// those in `deleting` were on their way out.
    @discardableResult
    public func repairInterrupted(dryRun: Bool = false, atStart: Bool = false) -> [Repair] {
        var repairs: [Repair] = []
        for endpoint in store.allEndpoints() where endpoint.phase != .ready {
            let repair = Repair(kind: "endpoint", object: endpoint.endpointID, reason: "interrupted while \(endpoint.phase.rawValue)")
            repairs.append(repair)
            if !dryRun { apply(repair, networkID: endpoint.networkID) { try self.removeEndpoint(endpoint, network: self.store.network(endpoint.networkID)) } }
        }
        repairs += removeOrphanNamespaces(dryRun: dryRun)
        repairs += removeOrphanRules(dryRun: dryRun)
        repairs += removeStaleTemps(dryRun: dryRun, includeOwn: atStart)
        return repairs
    }

    /// Temp files of atomic writes that a killed daemon left (state, CNI result cache, the
    /// bundled IPAM's store): their writer is gone, and the file they were to replace is intact.
    /// `includeOwn`: also those of this PID (at start only, before any write of ours).
    func removeStaleTemps(dryRun: Bool, includeOwn: Bool) -> [Repair] {
        let directories = [config.stateDirectory, cni.cacheDir]
        var repairs: [Repair] = []
        for path in directories.flatMap({ Files.staleAtomicTemps(in: $0, depth: 3, includeOwn: includeOwn) }) {
            let repair = Repair(kind: "temp file", object: path, reason: "left by an interrupted write")
            repairs.append(repair)
            if !dryRun { apply(repair, networkID: nil) { try Files.remove(path) } }
        }
        return repairs
    }

    /// Rules for a bridge of our naming (`cnia-…`) that no network record names and that does
    /// not exist: a CreateNetwork that died after adding them. A bridge that exists may belong
    /// to another adapter instance on the host, so its rules stay.
    func removeOrphanRules(dryRun: Bool) -> [Repair] {
        let known = Set(store.allNetworks().compactMap(\.forwardBridge))
        var repairs: [Repair] = []
        for bridge in host.forwardRuleBridges().sorted()
        where bridge.hasPrefix("cnia-") && !known.contains(bridge) && (try? host.linkExists(bridge)) == false {
            let repair = Repair(kind: "rules", object: bridge, reason: "no network record and no such bridge")
            repairs.append(repair)
            if !dryRun { apply(repair, networkID: nil) { try self.host.removeForwardRules(bridge: bridge) } }
        }
        return repairs
    }

    /// Compares our records with Docker's and with the kernel, and removes what nobody uses.
    /// - Parameters:
    ///   - docker: Docker's view; when it cannot be asked, records are left alone.
    ///   - now: wall-clock seconds, for the grace period.
    /// - Returns: what was (or would be) removed.
    public func reconcile(docker: any DockerView, now: Double, dryRun: Bool = false) -> [Repair] {
        var repairs = repairInterrupted(dryRun: dryRun)
        for network in store.allNetworks() {
            let view: DockerNetworkView?
            do {
                view = try docker.network(network.id)
            } catch {
                logger.debug("reconcile: docker not asked", [("error", "\(error)")])
                return repairs
            }
            let young = { (created: Double?) in now - (created ?? 0) < Self.reconcileGrace }
            guard let view else {
                guard !young(network.createdAt) else { continue }
                let repair = Repair(kind: "network", object: network.id, reason: "Docker no longer knows it")
                repairs.append(repair)
                if !dryRun {
                    apply(repair, networkID: nil) {
                        try self.deleteNetwork(.init(networkID: network.id))
                    }
                }
                continue
            }
            for endpoint in store.allEndpoints()
            where endpoint.networkID == network.id && endpoint.phase == .ready && !young(endpoint.createdAt)
                && !view.endpointIDs.contains(endpoint.endpointID)
            {
                let repair = Repair(kind: "endpoint", object: endpoint.endpointID, reason: "no container of Docker's uses it")
                repairs.append(repair)
                if !dryRun {
                    apply(repair, networkID: network.id) {
                        // Re-read under the lock: Docker may have deleted it meanwhile.
                        if let current = self.store.endpoint(endpoint.endpointID) {
                            try self.removeEndpoint(current, network: network)
                        }
                    }
                }
            }
        }
        return repairs
    }

    /// Staging namespaces in our directory that no record names (a crash between creating one
    /// and recording it cannot happen — the record comes first — but a lost state dir can).
    func removeOrphanNamespaces(dryRun: Bool) -> [Repair] {
        let known = Set(store.allEndpoints().map(\.netns))
        var repairs: [Repair] = []
        for name in host.listNamespaces() where name.hasPrefix("cnia-") && !known.contains(name) {
            let repair = Repair(kind: "netns", object: name, reason: "no endpoint record")
            repairs.append(repair)
            if !dryRun { apply(repair, networkID: nil) { try self.host.removeNamespace(name) } }
        }
        return repairs
    }

    /// Runs one repair under the network's lock, logging the outcome; a failure is retried on
    /// the next pass.
    private func apply(_ repair: Repair, networkID: String?, _ body: () throws -> Void) {
        do {
            if let networkID {
                try networkLocks.withLock(networkID, body)
            } else {
                try body()
            }
            logger.info("repaired", [("kind", repair.kind), ("object", repair.object), ("reason", repair.reason)])
        } catch {
            logger.warn("repair failed", [("kind", repair.kind), ("object", repair.object), ("error", "\(error)")])
        }
    }
}
