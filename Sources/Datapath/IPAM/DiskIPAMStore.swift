// The on-disk IPAM store: one directory per network, one file per address, one record per
// attachment, a cursor per range set. Every operation touches a constant number of files, so
// ADD/CHECK/DEL cost the same at 10 and at 60,000 allocations (host-local reads every file).
//
// Layout under <dataDir>/<network>/ (address files and cursors as host-local writes them):
//   lock                          flock mutex
//   <ip>                          "<containerID>\r\n<ifname>", created with link(2): exclusive and never torn
//   last_reserved_ip.<set>        text address, the round-robin cursor (a hint: garbage is ignored)
//   attachments/<cid>@<ifname>    the attachment's addresses, one per line (atomic rename)
//
// Crash safety: files appear whole (link/rename of a complete temp file) or not at all. No fsync:
// it cost 4 ms per call here, and like host-local we target process crashes; put dataDir on tmpfs
// when containers never outlive a reboot.

import AdapterOS

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// `IPAMStore` in a directory.
public struct DiskIPAMStore: IPAMStore {
    /// The network's directory.
    public let directory: String

    /// Opens (creating) the store of network `network` under `dataDir`.
    public init(dataDir: String, network: String) throws {
        directory = "\(dataDir)/\(network)"
        try Files.makeDirectories("\(directory)/attachments", mode: 0o755)
    }

    public func lock() throws -> AnyObject { try FileLock("\(directory)/lock") }

    private func recordPath(_ owner: IPAMOwner) -> String { "\(directory)/attachments/\(owner.containerID)@\(owner.ifname)" }
    private func ipPath(_ ip: IPAddress) -> String { "\(directory)/\(ip)" }

    public func addresses(of owner: IPAMOwner) throws -> [IPAddress]? {
        guard let bytes = try Files.read(recordPath(owner)) else { return nil }
        return String(decoding: bytes, as: UTF8.self).split(separator: "\n").compactMap { IPAddress($0) }
    }

    public func record(_ owner: IPAMOwner, addresses: [IPAddress]) throws {
        try Self.writeWhole(recordPath(owner), Array(addresses.map { "\($0)\n" }.joined().utf8), replace: true)
    }

    public func forget(_ owner: IPAMOwner) throws { try Files.remove(recordPath(owner)) }

    public func owners() throws -> [IPAMOwner] {
        try Files.list("\(directory)/attachments").compactMap { name in
            guard !name.contains(".tmp."), let at = name.firstIndex(of: "@") else { return nil }
            return IPAMOwner(containerID: String(name[..<at]), ifname: String(name[name.index(after: at)...]))
        }
    }

    public func isReserved(_ ip: IPAddress) throws -> Bool { Files.exists(ipPath(ip)) }

    public func reserve(_ ip: IPAddress, for owner: IPAMOwner) throws -> Bool {
        do {
            try Self.writeWhole(ipPath(ip), Array("\(owner.containerID)\r\n\(owner.ifname)".utf8), replace: false)
            return true
        } catch let error as SystemError where error.errno == EEXIST {
            return false
        }
    }

    public func holder(of ip: IPAddress) throws -> IPAMOwner? {
        guard let bytes = try Files.read(ipPath(ip)) else { return nil }
        // host-local's legacy files hold only the container id.
        let parts = String(decoding: bytes, as: UTF8.self).split(separator: "\r\n", omittingEmptySubsequences: false)
        return IPAMOwner(containerID: String(parts.first ?? ""), ifname: parts.count > 1 ? String(parts[1]) : "")
    }

    public func release(_ ip: IPAddress, from owner: IPAMOwner) throws {
        if try holder(of: ip) == owner { try Files.remove(ipPath(ip)) }
    }

    public func reservations() throws -> [IPAddress] {
        try Files.list(directory).compactMap { IPAddress($0) }
    }

    public func cursor(_ set: Int) throws -> IPAddress? {
        guard let bytes = try Files.read("\(directory)/last_reserved_ip.\(set)") else { return nil }
        return IPAddress(String(decoding: bytes, as: UTF8.self).trimmingSpaces)
    }

    public func setCursor(_ set: Int, _ ip: IPAddress) throws {
        try Self.writeWhole("\(directory)/last_reserved_ip.\(set)", Array("\(ip)".utf8), replace: true)
    }

    /// Writes a temp file, then renames (replace) or links (exclusive: `EEXIST` when taken) it
    /// into place, so readers never see a partial file.
    static func writeWhole(_ path: String, _ bytes: [UInt8], replace: Bool) throws {
        let temp = "\(path).tmp.\(getpid())"
        let fd = try syscall("create \(temp)") { open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600) }
        do {
            defer { close(fd) }
            try Files.writeAll(fd, bytes, what: temp)
        }
        defer { if !replace { unlink(temp) } }
        if replace {
            try syscall("rename \(temp) to \(path)") { rename(temp, path) }
        } else {
            try syscall("reserve \(path)") { link(temp, path) }
        }
    }
}

extension String {
    /// The string without leading/trailing spaces and newlines (no Foundation).
    var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" }.reversed())
    }
}
