// The option keys Docker puts in the free-form Options maps.
// Source: https://github.com/moby/moby/blob/v20.10.24/vendor/github.com/docker/libnetwork/netlabel/labels.go
// and, for the newer keys, moby/moby master daemon/libnetwork/netlabel/labels.go.

/// Option and label keys that appear in Docker's plugin requests (cnm-protocol.md §5).
public enum OptionKey {
    /// CreateNetwork: object string→string holding every `-o/--opt k=v`. Always present.
    public static let generic = "com.docker.network.generic"
    /// CreateNetwork: bool, always present.
    public static let enableIPv6 = "com.docker.network.enable_ipv6"
    /// CreateNetwork: bool; newer engines only (28.x). `false` with `--ipv4=false`.
    public static let enableIPv4 = "com.docker.network.enable_ipv4"
    /// CreateNetwork: bool `true`, present only with `--internal`.
    public static let `internal` = "com.docker.network.internal"
    /// Inside `generic`: the MTU the user asked for, as a string. Docker does not apply it.
    public static let mtu = "com.docker.network.driver.mtu"
    /// Inside `generic`: interface prefix; honoured only by built-in drivers.
    public static let containerInterfacePrefix = "com.docker.network.container_iface_prefix"
    /// CreateEndpoint/Join/ProgramExternalConnectivity: `[{"Proto","Port"}]`.
    public static let exposedPorts = "com.docker.network.endpoint.exposedports"
    /// CreateEndpoint/Join/ProgramExternalConnectivity: `[{"Proto","IP","Port","HostIP","HostPort","HostPortEnd"}]`.
    public static let portMap = "com.docker.network.portmap"
    /// CreateEndpoint: base64 of the raw MAC bytes. RequestAddress: `"aa:bb:…"` text.
    public static let macAddress = "com.docker.network.endpoint.macaddress"
    /// CreateEndpoint: `[String]` of DNS servers (source only, never traced).
    public static let dnsServers = "com.docker.network.endpoint.dnsservers"
    /// CreateEndpoint: the requested container interface name (28.x, `--driver-opt`).
    public static let interfaceName = "com.docker.network.endpoint.ifname"
    /// ProgramExternalConnectivity: bool (28.x).
    public static let noProxy6to4 = "com.docker.network.driver.private.no_proxy_6to4"
    /// IPAM RequestAddress Options key whose value says what the address is for.
    public static let requestAddressType = "RequestAddressType"
    /// Value of `RequestAddressType` for a network gateway; also the RequestPool
    /// response `Data` key with which an IPAM presets the gateway.
    public static let gateway = "com.docker.network.gateway"
}
