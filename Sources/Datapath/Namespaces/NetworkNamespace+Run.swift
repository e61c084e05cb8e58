// Running code inside another network namespace without ever switching the caller's thread.

import AdapterOS
import CMnl

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

extension NamespaceStore {
    /// Runs `body` on a dedicated thread that has joined the namespace at `path`.
    ///
    /// `setns` is per thread: doing it on a throwaway thread means no other work can ever run in
    /// the wrong namespace, even if `body` throws (the thread ends with it).
    /// - Throws: `SystemError` from open/setns (`ENOENT` for a missing namespace), or `body`'s error.
    public static func run<T: Sendable>(inNamespaceAt path: String, _ body: @escaping @Sendable () throws -> T) throws -> T {
        try onFreshThread {
            let fd = try syscall("open netns \(path)") { Glibc.open(path, O_RDONLY | O_CLOEXEC) }
            defer { close(fd) }
            try syscall("setns \(path)") { setns(fd, cmnl_clone_newnet()) }
            return try body()
        }
    }

    /// Opens the calling thread's own network namespace (for `IFLA_NET_NS_FD`); the caller closes it.
    public static func openCurrent() throws -> Int32 {
        try syscall("open /proc/thread-self/ns/net") { Glibc.open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC) }
    }
}
