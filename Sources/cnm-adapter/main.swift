// cnm-adapter: one binary for the daemon (`serve`) and the CNI tools (`cni …`).

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

// A peer closing its socket must give EPIPE, not kill the daemon.
signal(SIGPIPE, SIG_IGN)

// Invoked as cni-adapter-bridge / cni-adapter-ipam (a link in a CNI plugin directory): act as
// that CNI plugin.
if let plugin = bundledPluginName(forArgv0: CommandLine.arguments[0]) {
    exit(runBundledPlugin(name: plugin, arguments: Array(CommandLine.arguments.dropFirst())))
}

let argv = Array(CommandLine.arguments.dropFirst())
let command = argv.first ?? "help"
let rest = Array(argv.dropFirst())

do {
    switch command {
    case "serve":
        exit(try ServeCommand.run(rest))
    case "conformance": exit(try ConformanceCommand.run(rest))
    case "cni" where rest.first == "test": exit(try CNITestCommand.run(Array(rest.dropFirst())))
    case "cni":
        exit(runCNICommand(rest))
    case "cni-plugin":
        exit(runBundledPlugin(name: rest.first ?? "", arguments: Array(rest.dropFirst())))
    case "gc":
        exit(try ControlCommand.gc(rest))
    case "status":
        exit(try ControlCommand.status(rest))
    case "metrics":
        exit(try ControlCommand.metrics(rest))
    case "version", "--version":
        printOut("cnm-adapter \(Usage.version)\n")
    case "help", "--help", "-h":
        if let topic = rest.first {
            guard let text = Usage.text(for: topic) else { throw UsageError("no command \"\(topic)\"") }
            printOut(text)
        } else {
            printOut(Usage.main)
        }
    default:
        throw UsageError("unknown command \"\(command)\"")
    }
} catch let error as UsageError {
    printErr("cnm-adapter: \(error)\nRun `cnm-adapter help` for usage.\n")
    exit(2)
} catch {
    printErr("cnm-adapter: \(error)\n")
    exit(1)
}
