// `cnm-adapter serve`: wire the adapter to the socket and run until SIGTERM/SIGINT.

import AdapterOS
import AdapterService
import CNIExec
import CNMRemoteAPI
import DockerEngine
import HTTPServer

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

enum ServeCommand {
    static let options: Set<String> = [
        "socket", "state-dir", "cni-conf-dir", "cni-path", "cni-cache-dir", "netns-dir", "plugin-timeout",
        "socket-group", "log-level", "control-socket", "docker-socket", "reconcile-interval", "log-format",
    ]

    static func run(_ arguments: [String]) throws -> Int32 {
        let args = try Arguments(arguments, valued: options)
        if args.has("help") {
            printOut(Usage.serve)
            return 0
        }
        guard let level = LogLevel(name: args["log-level"] ?? "info") else {
            throw UsageError("--log-level must be debug, info, warn or error")
        }
        var logger = Logger(level: level)
        guard let format = LogFormat(rawValue: args["log-format"] ?? "logfmt") else {
            throw UsageError("--log-format must be logfmt or json")
        }
        logger.format = format
        let socketPath = args["socket"] ?? "/run/docker/plugins/cni-adapter.sock"
        let stateDir = args["state-dir"] ?? "/var/lib/cni-adapter"
        let pluginPaths = (args["cni-path"] ?? "/opt/cni/bin:/usr/lib/cni").split(separator: ":").map(String.init)
        guard let timeout = Double(args["plugin-timeout"] ?? "60"), timeout > 0 else {
            throw UsageError("--plugin-timeout must be a positive number of seconds")
        }
        var group: gid_t?
        if let text = args["socket-group"] {
            guard let gid = UInt32(text) else { throw UsageError("--socket-group must be a numeric group id") }
            group = gid
        }
        logger = logger.with("pid", String(getpid()))

        // Signals: blocked in every thread (threads inherit the mask) and taken by sigwait below,
        // so shutdown runs as ordinary code and not in a signal handler.
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGTERM)
        sigaddset(&signals, SIGINT)
        pthread_sigmask(SIG_BLOCK, &signals, nil)

        let store = try StateStore(directory: stateDir, logger: logger)
        let metrics = Metrics()
        let cni = CNIRuntime(
            executor: MeteredExecutor(inner: BuiltinPluginExecutor(inner: ProcessPluginExecutor(logger: logger)), metrics: metrics), pluginPaths: pluginPaths,
            cacheDir: args["cni-cache-dir"] ?? "/var/lib/cni/results", timeout: timeout, logger: logger)
        let host = KernelHostNetworking(namespaceDirectory: args["netns-dir"] ?? "/run/cni-adapter/netns")
        var adapterConfig = AdapterConfig(stateDirectory: stateDir)
        adapterConfig.cniConfDirectory = args["cni-conf-dir"] ?? "/etc/cni/net.d"
        let adapter = Adapter(config: adapterConfig, store: store, cni: cni, host: host, logger: logger)
        guard let interval = Double(args["reconcile-interval"] ?? "60"), interval >= 0 else {
            throw UsageError("--reconcile-interval must be a number of seconds (0 = only at start)")
        }
        let docker = EngineDockerView(engine: CurlDockerEngine(socketPath: args["docker-socket"] ?? "/var/run/docker.sock"))

        // Finish what a crash interrupted before Docker's calls are served.
        adapter.repairInterrupted(atStart: true)

        let handler = PluginHTTPHandler(dispatcher: PluginDispatcher(network: adapter, ipam: adapter), logger: logger, metrics: metrics)
        try Files.makeDirectories(Files.directory(of: socketPath), mode: 0o755)
        let server = UnixHTTPServer(path: socketPath, mode: 0o660, group: group, handler: handler, logger: logger)
        try server.start()
        let controlPath = args["control-socket"] ?? ControlCommand.defaultSocket
        try Files.makeDirectories(Files.directory(of: controlPath), mode: 0o755)
        let control = UnixHTTPServer(
            path: controlPath, mode: 0o600, handler: ControlHandler(adapter: adapter, docker: docker, metrics: metrics), logger: logger)
        try control.start()
        // Reconcile off the request path, on its own thread: at start (dockerd may still be
        // starting; then nothing changes) and every `interval` seconds.
        try startThread { [logger] in
            while true {
                let repairs = adapter.reconcile(docker: docker, now: wallSeconds())
                if !repairs.isEmpty { logger.info("reconcile pass", [("repairs", String(repairs.count))]) }
                if interval == 0 { return }
                sleep(UInt32(interval))
            }
        }
        logger.info("serving", [("socket", socketPath), ("state", stateDir), ("cni_path", pluginPaths.joined(separator: ":"))])

        var received: Int32 = 0
        sigwait(&signals, &received)
        logger.info("shutting down", [("signal", received == SIGTERM ? "TERM" : "INT")])
        // Finish in-flight calls (bounded: Docker's plugin disable waits 10 s in all), then go.
        control.shutdown(grace: 0.2)
        server.shutdown(grace: 1.5)
        logger.info("stopped")
        return 0
    }
}

/// Writes `text` to stdout.
func printOut(_ text: String) {
    var bytes = Array(text.utf8)
    bytes.withUnsafeMutableBytes { _ = write(1, $0.baseAddress, $0.count) }
}

/// Writes `text` to stderr.
func printErr(_ text: String) {
    var bytes = Array(text.utf8)
    bytes.withUnsafeMutableBytes { _ = write(2, $0.baseAddress, $0.count) }
}
