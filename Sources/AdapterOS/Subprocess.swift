// Running a program without a shell: posix_spawn, pipes drained together, a deadline.

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// What a finished child process left behind.
public struct SubprocessResult: Sendable {
    /// Exit code, or 128 + signal number when it was killed by a signal.
    public var status: Int32
    /// Everything the child wrote to stdout.
    public var stdout: [UInt8]
    /// Everything the child wrote to stderr.
    public var stderr: [UInt8]
    /// True when the deadline expired and the process group was killed.
    public var timedOut: Bool
}

/// Runs programs directly (argv, never a shell), feeding stdin and draining stdout and
/// stderr concurrently so no pipe can fill up and deadlock (style-anchors §4.5).
public enum Subprocess {
    /// Runs `path` to completion and returns its output. Blocks the calling thread.
    /// - Parameters:
    ///   - path: absolute path of the executable.
    ///   - arguments: argv after argv[0] (argv[0] is `path`'s last component).
    ///   - environment: the child's complete environment as `KEY=VALUE`.
    ///   - stdin: bytes written to the child's stdin, which is then closed.
    ///   - timeout: seconds until the child's whole process group gets SIGKILL.
    /// - Throws: `SystemError` when the program cannot be started (`ENOENT`, `EACCES`, …).
    public static func run(
        _ path: String,
        arguments: [String] = [],
        environment: [String] = [],
        stdin: [UInt8] = [],
        timeout: Double? = nil
    ) throws -> SubprocessResult {
        let input = try Pipe()
        let output = try Pipe()
        let errors = try Pipe()
        var inputWrite: Int32 = input.write
        var outputRead: Int32 = output.read
        var errorsRead: Int32 = errors.read
        defer {
            for fd in [inputWrite, outputRead, errorsRead] where fd >= 0 { close(fd) }
        }

        let pid: pid_t
        do {
            defer {
                close(input.read)
                close(output.write)
                close(errors.write)
            }
            pid = try spawn(path, arguments, environment, stdin: input.read, stdout: output.write, stderr: errors.write)
        }

        // The child reads stdin at its own pace: never block on it.
        _ = fcntl(inputWrite, F_SETFL, fcntl(inputWrite, F_GETFL) | O_NONBLOCK)
        if stdin.isEmpty {
            close(inputWrite)
            inputWrite = -1
        }

        var result = SubprocessResult(status: 0, stdout: [], stderr: [], timedOut: false)
        let deadline = timeout.map { monotonicSeconds() + $0 }
        var written = 0
        var chunk = [UInt8](repeating: 0, count: 65536)
        while outputRead >= 0 || errorsRead >= 0 {
            var fds: [pollfd] = []
            if inputWrite >= 0 { fds.append(pollfd(fd: inputWrite, events: Int16(POLLOUT), revents: 0)) }
            if outputRead >= 0 { fds.append(pollfd(fd: outputRead, events: Int16(POLLIN), revents: 0)) }
            if errorsRead >= 0 { fds.append(pollfd(fd: errorsRead, events: Int16(POLLIN), revents: 0)) }
            var waitMs: Int32 = -1
            if let deadline {
                let left = deadline - monotonicSeconds()
                if left <= 0 {
                    result.timedOut = true
                    break
                }
                waitMs = Int32(min(left * 1000 + 1, 60_000))
            }
            let ready = poll(&fds, nfds_t(fds.count), waitMs)
            if ready < 0 {
                if errno == EINTR { continue }
                kill(-pid, SIGKILL)
                _ = reap(pid)
                throw SystemError.current("poll pipes of \(path)")
            }
            for entry in fds where entry.revents != 0 {
                if entry.fd == inputWrite {
                    let n = stdin.withUnsafeBytes { buffer in
                        Glibc.write(inputWrite, buffer.baseAddress! + written, buffer.count - written)
                    }
                    if n > 0 { written += n }
                    // EPIPE: the child stopped reading; its exit status will tell why.
                    if written == stdin.count || (n < 0 && errno != EAGAIN && errno != EINTR) {
                        close(inputWrite)
                        inputWrite = -1
                    }
                } else {
                    let n = chunk.withUnsafeMutableBytes { Glibc.read(entry.fd, $0.baseAddress, $0.count) }
                    if n > 0 {
                        if entry.fd == outputRead {
                            result.stdout.append(contentsOf: chunk[0..<n])
                        } else {
                            result.stderr.append(contentsOf: chunk[0..<n])
                        }
                    } else if n == 0 || (errno != EINTR && errno != EAGAIN) {
                        close(entry.fd)
                        if entry.fd == outputRead { outputRead = -1 } else { errorsRead = -1 }
                    }
                }
            }
        }
        if result.timedOut {
            // The plugin may have children of its own: kill the whole group it leads.
            kill(-pid, SIGKILL)
        }
        result.status = reap(pid)
        return result
    }

    /// Starts the child in a new process group with default signal handling.
    private static func spawn(
        _ path: String, _ arguments: [String], _ environment: [String],
        stdin: Int32, stdout: Int32, stderr: Int32
    ) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // dup2 clears CLOEXEC on the target, so only these three reach the child.
        posix_spawn_file_actions_adddup2(&actions, stdin, 0)
        posix_spawn_file_actions_adddup2(&actions, stdout, 1)
        posix_spawn_file_actions_adddup2(&actions, stderr, 2)

        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        // Own process group (so a deadline kills grandchildren too); an empty signal mask and
        // default dispositions, since the daemon blocks SIGTERM and ignores SIGPIPE.
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attr, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        sigaddset(&defaults, SIGTERM)
        sigaddset(&defaults, SIGINT)
        posix_spawnattr_setsigdefault(&attr, &defaults)
        posix_spawnattr_setpgroup(&attr, 0)
        posix_spawnattr_setflags(
            &attr, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let name = path.split(separator: "/").last.map(String.init) ?? path
        let argv = ([name] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid = pid_t()
        let rc = posix_spawn(&pid, path, &actions, &attr, argv, envp)
        if rc != 0 { throw SystemError("spawn \(path)", errno: rc) }
        return pid
    }

    /// Waits for `pid` and converts its wait status to an exit code (128+signal if killed).
    private static func reap(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return -1 }
        }
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }
}

/// A pipe whose both ends are close-on-exec.
private struct Pipe {
    let read: Int32
    let write: Int32

    init() throws {
        var fds: [Int32] = [0, 0]
        try syscall("pipe") { Glibc.pipe(&fds) }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        read = fds[0]
        write = fds[1]
    }
}

/// Seconds on the monotonic clock; for deadlines and durations, never for wall time.
public func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}
