// Crash-safe file writes and small file helpers.

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// File operations that survive a crash at any instruction.
public enum Files {
    /// Writes `bytes` to `path` atomically: temp file, fsync, rename, fsync of the directory.
    ///
    /// A reader sees the old content or the new content, never a torn file, even after a power
    /// loss; Foundation's `.atomic` skips the directory fsync and uses umask modes.
    /// - Parameters:
    ///   - path: the final path; its directory must exist.
    ///   - mode: permission bits of the new file (0600 for state).
    public static func writeAtomically(_ path: String, _ bytes: [UInt8], mode: mode_t = 0o600) throws {
        let dir = directory(of: path)
        let temp = "\(path).tmp.\(getpid()).\(UInt32.random(in: 0 ... .max))"
        // 1. Create the temp file exclusively, with the final mode.
        let fd = try syscall("create \(temp)") { open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode) }
        var committed = false
        defer {
            if !committed { unlink(temp) }
        }
        do {
            defer { close(fd) }
            // 2. Write everything and flush it to disk.
            try writeAll(fd, bytes, what: temp)
            try syscall("fsync \(temp)") { fsync(fd) }
        }
        // 3. Replace the old file, then make the rename itself durable.
        try syscall("rename \(temp) to \(path)") { rename(temp, path) }
        committed = true
        let dfd = try syscall("open directory \(dir)") { open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        defer { close(dfd) }
        try syscall("fsync directory \(dir)") { fsync(dfd) }
    }

    /// Writes all of `bytes` to `fd`, retrying short writes and EINTR.
    public static func writeAll(_ fd: Int32, _ bytes: [UInt8], what: String) throws {
        var offset = 0
        while offset < bytes.count {
            let n = try bytes.withUnsafeBytes { buffer in
                try syscall("write \(what)") { Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset) }
            }
            offset += n
        }
    }

    /// Reads a whole file; `nil` when it does not exist.
    public static func read(_ path: String) throws -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw SystemError.current("open \(path)")
        }
        defer { close(fd) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = try chunk.withUnsafeMutableBytes { buffer in
                try syscall("read \(path)") { Glibc.read(fd, buffer.baseAddress, buffer.count) }
            }
            if n == 0 { return out }
            out.append(contentsOf: chunk[0..<n])
        }
    }

    /// Removes a file; a missing file is not an error.
    public static func remove(_ path: String) throws {
        if unlink(path) != 0 && errno != ENOENT {
            throw SystemError.current("unlink \(path)")
        }
    }

    /// Creates `path` and its parents with `mode`; existing directories are fine.
    public static func makeDirectories(_ path: String, mode: mode_t = 0o700) throws {
        var current = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            current += "/" + part
            if mkdir(current, mode) != 0 && errno != EEXIST {
                throw SystemError.current("mkdir \(current)")
            }
        }
    }

    /// Names of the entries of a directory (no `.`/`..`); empty when it does not exist.
    public static func list(_ path: String) throws -> [String] {
        guard let dir = opendir(path) else {
            if errno == ENOENT { return [] }
            throw SystemError.current("opendir \(path)")
        }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// Removes a directory tree we own; a missing path is not an error.
    public static func removeTree(_ path: String) throws {
        var st = stat()
        if lstat(path, &st) != 0 {
            if errno == ENOENT { return }
            throw SystemError.current("lstat \(path)")
        }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            for name in try list(path) { try removeTree(path + "/" + name) }
            if rmdir(path) != 0 && errno != ENOENT { throw SystemError.current("rmdir \(path)") }
        } else {
            try remove(path)
        }
    }

    /// Whether something exists at `path` (without following a final symlink).
    public static func exists(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0
    }

    /// The directory part of `path` (`"."` when there is none).
    public static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}

/// An exclusive `flock` on a lock file, held until `unlock()` or deinit.
///
/// Serialises separate processes (plugin execs) that share on-disk state.
public final class FileLock {
    private var fd: Int32

    /// Opens (creating) `path` and blocks until the exclusive lock is held.
    public init(_ path: String) throws {
        fd = try syscall("open lock \(path)") { open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600) }
        do {
            try syscall("flock \(path)") { flock(fd, LOCK_EX) }
        } catch {
            close(fd)
            throw error
        }
    }

    /// Releases the lock.
    public func unlock() {
        if fd >= 0 { close(fd); fd = -1 }
    }

    deinit { unlock() }
}
