// A network configuration list (".conflist"), SPEC §Configuration format, cni.md §4.1.

/// A parsed network configuration: a named, ordered chain of plugins.
public struct NetworkConfigList: Sendable, Equatable {
    /// The network name; unique per host, used in cache file names and by host-local as a directory.
    public var name: String
    /// The version sent to plugins: the highest of `cniVersion` ∪ `cniVersions` this runtime knows.
    public var cniVersion: String
    /// The `cniVersions` list of a 1.1.0 config (empty when absent).
    public var cniVersions: [String]
    /// The runtime must not run CHECK.
    public var disableCheck: Bool
    /// The runtime must not run GC.
    public var disableGC: Bool
    /// The plugins, in ADD order.
    public var plugins: [PluginConfig]
    /// The conflist as bytes: cached with every attachment (libcni's `config`) so DEL can see
    /// what ADD used. For a single `.conf` this is the wrapped list.
    public var bytes: [UInt8]

    /// Creates a list directly (for generated configs); `bytes` is the serialized list.
    public init(
        name: String, cniVersion: String, cniVersions: [String] = [], disableCheck: Bool = false,
        disableGC: Bool = false, plugins: [PluginConfig]
    ) throws {
        var object: [String: JSONValue] = [
            "name": .string(name), "cniVersion": .string(cniVersion),
            "plugins": .array(plugins.map { .object($0.raw) }),
        ]
        if !cniVersions.isEmpty { object["cniVersions"] = .array(cniVersions.map { .string($0) }) }
        if disableCheck { object["disableCheck"] = .bool(true) }
        if disableGC { object["disableGC"] = .bool(true) }
        self = try NetworkConfigList.parse(JSONValue.object(object).serialized(), source: name)
    }

    init(
        name: String, cniVersion: String, cniVersions: [String], disableCheck: Bool, disableGC: Bool,
        plugins: [PluginConfig], bytes: [UInt8]
    ) {
        self.name = name
        self.cniVersion = cniVersion
        self.cniVersions = cniVersions
        self.disableCheck = disableCheck
        self.disableGC = disableGC
        self.plugins = plugins
        self.bytes = bytes
    }
}
