// Temp files that `Files.writeAtomically` left because its process died between creating the
// temp file and renaming it (kill -9, a crash): `<name>.tmp.<pid>.<random>`.

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

extension Files {
    /// The writer's PID when `name` is a temp file of ``writeAtomically(_:_:mode:)``, else nil.
    public static func atomicTempWriter(_ name: String) -> pid_t? {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 4, parts[parts.count - 3] == "tmp",
            let pid = pid_t(parts[parts.count - 2]), pid > 0, UInt32(parts[parts.count - 1]) != nil
        else { return nil }
        return pid
    }

    /// Paths of atomic-write temp files in `directory` and its subdirectories (`depth` levels)
    /// whose writer cannot still be writing: its process is gone, or, with `includeOwn`, it is
    /// this process (only before this process writes there: a container restarts its daemon as
    /// the same PID, so a dead predecessor's temps carry ours).
    public static func staleAtomicTemps(in directory: String, depth: Int = 1, includeOwn: Bool = false) -> [String] {
        var found: [String] = []
        for name in (try? list(directory)) ?? [] {
            let path = "\(directory)/\(name)"
            if let pid = atomicTempWriter(name) {
                if pid == getpid() ? includeOwn : (kill(pid, 0) != 0 && errno == ESRCH) { found.append(path) }
            } else if depth > 0, isDirectory(path) {
                found += staleAtomicTemps(in: path, depth: depth - 1, includeOwn: includeOwn)
            }
        }
        return found.sorted()
    }

    private static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }
}
