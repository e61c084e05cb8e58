// Is a host port free? Try to bind it, as docker-proxy would, and let go at once.

import AdapterOS

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

enum PortProbe {
    /// True when binding `proto` port `port` on `hostIP` (all addresses when empty) fails with
    /// EADDRINUSE. Other failures (e.g. an address not on this host) count as not busy: portmap
    /// does not bind, so they do not stop the mapping from working.
    static func isBusy(proto: String, hostIP: String, port: Int) -> Bool {
        let v6 = hostIP.contains(":")
        let type = proto == "udp" ? Int32(SOCK_DGRAM.rawValue) : Int32(SOCK_STREAM.rawValue)
        let fd = socket(v6 ? AF_INET6 : AF_INET, type | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var result: Int32
        if v6 {
            var addr = sockaddr_in6()
            addr.sin6_family = sa_family_t(AF_INET6)
            addr.sin6_port = in_port_t(UInt16(port).bigEndian)
            _ = inet_pton(AF_INET6, hostIP, &addr.sin6_addr)
            result = withUnsafePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
            }
        } else {
            var addr = sockaddr_in()
            addr.sin_family = sa_family_t(AF_INET)
            addr.sin_port = in_port_t(UInt16(port).bigEndian)
            if !hostIP.isEmpty { _ = inet_pton(AF_INET, hostIP, &addr.sin_addr) }
            result = withUnsafePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        }
        return result != 0 && errno == EADDRINUSE
    }
}
