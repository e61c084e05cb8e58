// The translation of DESIGN.md §2: Docker's NetworkDriver and IpamDriver calls carried out
// with CNI plugins in a staging namespace per endpoint.

import AdapterOS
import CNIExec
import CNMRemoteAPI

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// Settings the adapter runs with.
public struct AdapterConfig: Sendable {
    /// State directory (records, IPAM book, host-local data).
    public var stateDirectory: String
    /// Where `-o cni.network=NAME` conflists are looked up.
    public var cniConfDirectory = "/etc/cni/net.d"
    /// The AddressSpace names we announce; Docker passes them back in RequestPool.
    public var localAddressSpace = "cnia-local"
    public var globalAddressSpace = "cnia-global"

    public init(stateDirectory: String) { self.stateDirectory = stateDirectory }

    /// host-local's data directory: one sub-directory per CNI network.
    var hostLocalDataDir: String { stateDirectory + "/host-local" }
}

/// Implements Docker's remote network and IPAM driver protocols on top of CNI.
///
/// Every call runs on the connection thread that received it. Calls touching one network are
/// serialised by a per-network lock, because each is several steps (namespace, ADD, move,
/// persist) that must not interleave; different networks proceed in parallel.
public final class Adapter: NetworkDriver, IPAMDriver, @unchecked Sendable {
    let config: AdapterConfig
    let store: StateStore
    let cni: CNIRuntime
    let host: any HostNetworking
    let logger: Logger
    let networkLocks = KeyedLock()
    /// Serialises host-port choice across networks, so two endpoints never get one port.
    let portsLock = Lock()

    /// - Parameters:
    ///   - store: persisted records; loaded before the first call.
    ///   - cni: the CNI runtime that executes the plugins.
    ///   - host: namespaces, links and firewall rules.
    public init(config: AdapterConfig, store: StateStore, cni: CNIRuntime, host: any HostNetworking, logger: Logger) {
        self.config = config
        self.store = store
        self.cni = cni
        self.host = host
        self.logger = logger
    }

    // MARK: capabilities

    public func getCapabilities() throws -> NetworkCapabilities {
        // Local scope: a global driver without swarm fails every create (cnm-protocol.md §3.1).
        NetworkCapabilities(scope: "local", connectivityScope: "local")
    }

    public func getCapabilities() throws -> IPAMCapabilities {
        // No replay: our IPAM state is persistent, and replay would double-count pools (§4.7).
        IPAMCapabilities(requiresMACAddress: false, requiresRequestReplay: false)
    }

    /// Seconds since the epoch (records' creation times; never used for durations).
    func wallClock() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Validates a Docker ID before it becomes part of a path or object name.
    func checkID(_ id: String, _ what: String) throws {
        guard Names.isSafeID(id) else { throw AdapterError("invalid \(what) \"\(id.prefix(80))\"") }
    }
}
