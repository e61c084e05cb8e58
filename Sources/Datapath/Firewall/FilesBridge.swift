// Small file helpers for the firewall stamps (best effort: a stamp that cannot be written only
// costs the next ADD an extra check).

import AdapterOS

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

enum FilesBridge {
    static func exists(_ path: String) -> Bool { Files.exists(path) }

    static func touch(_ path: String, directory: String) {
        try? Files.makeDirectories(directory, mode: 0o700)
        let fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
        if fd >= 0 { close(fd) }
    }

    static func remove(_ path: String) { try? Files.remove(path) }

    /// The inode of the calling thread's network namespace: identifies "this host" for stamps,
    /// so a test's private namespace never sees the real host's stamps.
    static func netnsID() -> String {
        var st = stat()
        return stat("/proc/thread-self/ns/net", &st) == 0 ? String(st.st_ino) : "unknown"
    }
}
