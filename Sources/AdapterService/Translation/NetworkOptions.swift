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
                guard let mtu = Int(value), (68...65535).contains(mtu) else {
                    throw AdapterError("invalid option \(key)=\(value): MTU must be a number from 68 to 65535")
                }
                options.mtu = mtu
            case "cni.network":
                guard isSafeName(value, maxLength: 128) else {
                    throw AdapterError(
                        "invalid option cni.network=\(value): a CNI network name (letters, digits, '.', '_', '-'), not a path")
                }
                options.userNetwork = value
            case "cni.bridge":
                guard isSafeName(value, maxLength: 15) else {
                    throw AdapterError("invalid option cni.bridge=\(value): an interface name of 1-15 letters, digits, '.', '_', '-'")
                }
                options.bridge = value
            case "cni.masquerade":
                options.masquerade = try bool(key, value)
            case "cni.hairpin":
                options.hairpin = try bool(key, value)
            case "cni.datapath":
                switch value {
                case "bundled": options.bundled = true
                case "reference": options.bundled = false
                default: throw AdapterError("invalid option cni.datapath=\(value): expected bundled or reference")
                }
            default:
                throw AdapterError("unknown option \(key); cni-adapter supports: \(known.joined(separator: ", "))")
            }
        }
        if options.userNetwork != nil, options.bridge != nil || options.masquerade != nil || options.hairpin != nil || options.bundled != nil {
            throw AdapterError("cni.bridge, cni.masquerade, cni.hairpin and cni.datapath shape the generated conflist; they cannot be combined with cni.network")
        }
        return options
    }

    private static func bool(_ key: String, _ value: String) throws -> Bool {
        switch value.lowercased() {
        case "true", "1", "yes", "on": return true
        case "false", "0", "no", "off": return false
        default: throw AdapterError("invalid option \(key)=\(value): expected true or false")
        }
    }

    /// Letters, digits, `.`, `_`, `-`; not `.`/`..`; so the value can be neither a path nor
    /// an injection into CNI_ARGS (`;`, `=`).
    static func isSafeName(_ value: String, maxLength: Int) -> Bool {
        !value.isEmpty && value.utf8.count <= maxLength && value != "." && value != ".."
            && value.unicodeScalars.allSatisfy {
                $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0))
            }
    }
}
