// Named network namespaces: created by unshare on a throwaway thread, kept by a bind mount.

import AdapterOS
import CMnl

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// Creates and removes network namespaces pinned as files under one directory
/// (`/run/cni-adapter/netns` by default), the way `ip netns` pins them under /run/netns.
public struct NamespaceStore: Sendable {
    /// Directory holding the bind-mounted namespace files.
    public let directory: String

    public init(directory: String = "/run/cni-adapter/netns") { self.directory = directory }

    /// The path of namespace `name`.
    public func path(_ name: String) -> String { "\(directory)/\(name)" }

    /// Creates namespace `name` unless it already exists (idempotent).
    /// - Returns: its path.
    @discardableResult
    public func ensure(_ name: String) throws -> String {
        let target = path(name)
        if Self.isNamespace(target) { return target }
        try Files.makeDirectories(directory, mode: 0o755)
        // 1. The mount point: an empty file (a half-created one from a crash is reused).
        let fd = Glibc.open(target, O_RDONLY | O_CREAT | O_CLOEXEC, 0o444)
        if fd < 0 { throw SystemError.current("create netns file \(target)") }
        close(fd)
        // 2. A new namespace on a throwaway thread, bind-mounted onto the file so it
        //    outlives the thread.
        do {
            try onFreshThread {
                try syscall("unshare(CLONE_NEWNET)") { unshare(cmnl_clone_newnet()) }
                let source = "/proc/self/task/\(cmnl_gettid())/ns/net"
                try syscall("bind-mount \(source) on \(target)") { mount(source, target, "none", UInt(MS_BIND), nil) }
            }
        } catch {
            unlink(target)
            throw error
        }
        return target
    }

    /// Unmounts and removes namespace `name`; a missing one is not an error.
    public func remove(_ name: String) throws {
        let target = path(name)
        if umount2(target, Int32(MNT_DETACH)) != 0 && errno != EINVAL && errno != ENOENT {
            throw SystemError.current("unmount netns \(target)")
        }
        try Files.remove(target)
    }

    /// Names of the namespace files present (for cleanup and leak checks).
    public func list() throws -> [String] { try Files.list(directory) }

    /// Opens the namespace for `setns`/`IFLA_NET_NS_FD`; the caller closes the fd.
    public static func open(_ path: String) throws -> Int32 {
        try syscall("open netns \(path)") { Glibc.open(path, O_RDONLY | O_CLOEXEC) }
    }

    /// Whether `path` is a mounted namespace (nsfs), not just an empty mount-point file.
    public static func isNamespace(_ path: String) -> Bool {
        cmnl_is_nsfs(path) != 0
    }
}
