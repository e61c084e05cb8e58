// Validation of `docker network create -o KEY=VALUE` options (Docker passes them verbatim
// in CreateNetwork's `com.docker.network.generic`, cnm-protocol.md §3.2).

/// The driver options a cni-adapter network understands.
struct NetworkOptions: Equatable, Sendable {
    /// `com.docker.network.driver.mtu`: applied to the bridge and every container interface
    /// (Docker itself does not apply it for remote drivers, cnm-protocol.md §3.6).
    var mtu: Int?

    static let mtuKey = "com.docker.network.driver.mtu"
    static let known = [mtuKey]

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
            default:
                throw AdapterError("unknown option \(key); cni-adapter supports: \(known.joined(separator: ", "))")
            }
        }
        return options
    }
}
