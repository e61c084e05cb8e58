// `cnia-bench exec`: what CNIExec's exec path (posix_spawn through Subprocess, pipes for stdin,
// stdout and stderr, a deadline, the result parsed as JSON) costs on top of starting the same
// plugin binary bare (posix_spawn with /dev/null for every stream, waitpid), interleaved in one
// run so both see the same machine. The plugin answers VERSION: no network side effects.

import AdapterJSON
import AdapterOS
import CNIExec

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// Prints `exec_bare_p50_ms`, `exec_cniexec_p50_ms` and `exec_overhead_p50_ms` for `plugin`.
func execOverhead(plugin: String, reps: Int) throws {
    let executor = ProcessPluginExecutor(logger: Logger(level: .error))
    let environment = ["CNI_COMMAND=VERSION", "CNI_PATH=/usr/lib/cni", "PATH=/usr/sbin:/usr/bin:/sbin:/bin"]
    let stdin = Array(#"{"cniVersion":"1.0.0","name":"cnia-bench","type":"bridge"}"#.utf8)
    var bare: [Double] = []
    var ours: [Double] = []
    for rep in 0..<(reps + 3) {
        let t0 = monotonicSeconds()
        try spawnBare(plugin, environment: environment)
        let t1 = monotonicSeconds()
        let answer = try executor.execute(pluginPath: plugin, stdin: stdin, environment: environment, timeout: 10)
        guard try JSONValue.parse(answer)["supportedVersions"] != nil else {
            throw SystemError("\(plugin) VERSION: no supportedVersions", errno: EPROTO)
        }
        let t2 = monotonicSeconds()
        if rep >= 3 {  // warm-ups: page cache, dynamic loader
            bare.append((t1 - t0) * 1000)
            ours.append((t2 - t1) * 1000)
        }
    }
    bare.sort()
    ours.sort()
    out("exec_bare_p50_ms \(percentile(bare, 0.5))")
    out("exec_cniexec_p50_ms \(percentile(ours, 0.5))")
    out("exec_overhead_p50_ms \(percentile(ours, 0.5) - percentile(bare, 0.5))")
}

/// posix_spawn with every stream on /dev/null, then waitpid: the floor any runtime pays.
private func spawnBare(_ path: String, environment: [String]) throws {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    for fd in 0...2 { posix_spawn_file_actions_addopen(&actions, Int32(fd), "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0) }
    var argv: [UnsafeMutablePointer<CChar>?] = [strdup(path), nil]
    var envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup($0) } + [nil]
    defer { (argv + envp).forEach { free($0) } }
    var pid: pid_t = 0
    let rc = posix_spawn(&pid, path, &actions, nil, &argv, &envp)
    guard rc == 0 else { throw SystemError("posix_spawn \(path)", errno: rc) }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
}
