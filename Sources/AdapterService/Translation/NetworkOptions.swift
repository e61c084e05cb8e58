// Validation of `docker network create -o KEY=VALUE` options (Docker passes them verbatim
// in CreateNetwork's `com.docker.network.generic`, cnm-protocol.md §3.2).

/// The driver options a cni-adapter network understands.
struct NetworkOptions: Equatable, Sendable {
    /// `com.docker.network.driver.mtu`: applied to the bridge and every container interface
    /// (Docker itself does not apply it for remote drivers, cnm-protocol.md §3.6).
    var mtu: Int?
    /// `cni.network`: back the network with the user's conflist of this name in the conf dir.
    var userNetwork: String?
    /// `cni.bridge`: the generated network's bridge name instead of `cnia-<id>`.
    var bridge: String?
    /// `cni.masquerade`: masquerade traffic leaving the generated bridge (default: on unless internal).
    var masquerade: Bool?
    /// `cni.hairpin`: hairpin mode on the generated bridge's ports (default on, so a container
    /// reaches its own published port).
    var hairpin: Bool?
    /// `cni.datapath`: `bundled` (our Swift bridge + IPAM, the default) or `reference`
    /// (Debian's bridge + host-local).
    var bundled: Bool?

    static let mtuKey = "com.docker.network.driver.mtu"
    static let known = [mtuKey, "cni.network", "cni.bridge", "cni.masquerade", "cni.hairpin", "cni.datapath"]

    /// Parses and validates; any unknown key or bad value is an error naming it, so a typo
    /// never silently creates a network that behaves differently from what was asked.
    static func parse(_ generic: [String: String]) throws -> NetworkOptions {
        var options = NetworkOptions()
        for (key, value) in generic.sorted(by: { $0.key < $1.key }) {
            switch key {
            case mtuKey:
                options.mtu = try InputValidation.mtu(value, option: key)
            case "cni.network":
                options.userNetwork = try prefixed(key, value) { try InputValidation.networkName($0) }
            case "cni.bridge":
                options.bridge = try prefixed(key, value) { try InputValidation.interfaceName($0) }
            case "cni.masquerade":
                options.masquerade = try InputValidation.boolean(value, option: key)
            case "cni.hairpin":
                options.hairpin = try InputValidation.boolean(value, option: key)
            case "cni.datapath":
                switch value {
                case "bundled": options.bundled = true
                case "reference": options.bundled = false
                default: throw AdapterError("invalid option cni.datapath=\(InputValidation.printable(value)): expected bundled or reference")
                }
            default:
                throw AdapterError("unknown option \(InputValidation.printable(key)); cni-adapter supports: \(known.joined(separator: ", "))")
            }
        }
        if options.userNetwork != nil, options.bridge != nil || options.masquerade != nil || options.hairpin != nil || options.bundled != nil {
            throw AdapterError("cni.bridge, cni.masquerade, cni.hairpin and cni.datapath shape the generated conflist; they cannot be combined with cni.network")
        }
        return options
    }

    /// Runs a name check whose message does not name the option, and names it.
    private static func prefixed<T>(_ key: String, _ value: String, _ check: (String) throws -> T) throws -> T {
        do {
            return try check(value)
        } catch let error as AdapterError {
            throw AdapterError("invalid option \(key): \(error.description)")
        }
    }
}
