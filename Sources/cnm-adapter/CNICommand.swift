// `cnm-adapter cni add|check|del|gc|status|version`: drive a CNI network by hand, like cnitool.

import AdapterOS
import CNIExec

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// Runs the `cni` subcommand and returns the process exit status.
///
/// `arguments` are the words after `cni` (a leading `"cni"` is skipped too):
/// ```
/// add|check|del  (--conflist FILE | --network NAME [--cni-conf-dir DIR]) --netns PATH
///                --container-id ID [--ifname IF] [--cni-path DIR:DIR] [--cap-args JSON] [--args 'K=V;…']
/// gc             (--conflist FILE | --network NAME) [--valid-attachments JSON]
/// status         (--conflist FILE | --network NAME)
/// version        PLUGIN… | --conflist FILE | --network NAME
/// common         [--cache-dir DIR] [--timeout SECONDS] [--debug]
/// ```
/// On success `add` prints the result JSON and `version` the plugins' answers; the others print
/// nothing. On failure the CNI error object is printed on stdout (as plugins do) and the status
/// is 1 (2 for a usage error).
func runCNICommand(_ arguments: [String]) -> Int32 {
    var words = arguments
    if words.first == "cni" { words.removeFirst() }
    do {
        let options = try CNICommandOptions.parse(words)
        return try options.run()
    } catch let error as CNICommandUsageError {
        printCNIError(CNIError(code: CNIError.invalidEnvironment, msg: error.message), version: nil)
        writeOut(2, Array((error.message + "\n\n" + CNICommandOptions.usage).utf8))
        return 2
    } catch let error as CNIExecError {
        printCNIError(error.cniError, version: nil)
        return 1
    } catch {
        printCNIError(CNIError(code: CNIError.internalError, msg: "\(error)"), version: nil)
        return 1
    }
}

/// A command-line mistake; reported with the usage text.
struct CNICommandUsageError: Error {
    let message: String
}

/// The parsed `cni` command line.
struct CNICommandOptions {
    static let usage = """
        usage: cnm-adapter cni add|check|del|gc|status|version [options]
          --conflist FILE          network config file (.conflist, or a single-plugin .conf)
          --network NAME           network name, looked up in --cni-conf-dir (default /etc/cni/net.d)
          --netns PATH             network namespace path (add, check; optional for del)
          --container-id ID        CNI_CONTAINERID (add, check, del)
          --ifname IF              CNI_IFNAME (default eth0)
          --cni-path DIR:DIR       plugin directories (default $CNI_PATH, else /opt/cni/bin:/usr/lib/cni)
          --cap-args JSON          capability arguments, e.g. '{"portMappings":[...]}'
          --args 'K=V;K2=V2'       CNI_ARGS (IgnoreUnknown=1 is added)
          --valid-attachments JSON gc: [{"containerID":"…","ifname":"…"}]; omitted = delete every cached attachment
          --cache-dir DIR          result cache (default /var/lib/cni/results)
          --timeout SECONDS        per-plugin deadline (default 60)
          --debug                  log each plugin call on stderr
          version PLUGIN…          print the plugins' VERSION answers

        """

    var command = ""
    var positional: [String] = []
    var values: [String: String] = [:]
    var debug = false

    private static let valueOptions: Set<String> = [
        "conflist", "network", "cni-conf-dir", "netns", "container-id", "ifname", "cni-path", "cap-args", "args",
        "valid-attachments", "cache-dir", "timeout",
    ]

    /// Parses `COMMAND [--opt VALUE | --opt=VALUE | --debug | WORD]…`.
    static func parse(_ words: [String]) throws -> CNICommandOptions {
        var options = CNICommandOptions()
        guard let command = words.first else { throw CNICommandUsageError(message: "missing command") }
        guard ["add", "check", "del", "gc", "status", "version"].contains(command) else {
            throw CNICommandUsageError(message: "unknown command \"\(command)\"")
        }
        options.command = command
        var i = 1
        while i < words.count {
            let word = words[i]
            i += 1
            guard word.hasPrefix("--") else {
                options.positional.append(word)
                continue
            }
            var name = String(word.dropFirst(2))
            var value: String?
            if let eq = name.firstIndex(of: "=") {
                value = String(name[name.index(after: eq)...])
                name = String(name[..<eq])
            }
            if name == "debug" && value == nil {
                options.debug = true
                continue
            }
            guard valueOptions.contains(name) else { throw CNICommandUsageError(message: "unknown option --\(name)") }
            if value == nil {
                guard i < words.count else { throw CNICommandUsageError(message: "--\(name) needs a value") }
                value = words[i]
                i += 1
            }
            options.values[name] = value
        }
        if command != "version" && !options.positional.isEmpty {
            throw CNICommandUsageError(message: "unexpected argument \"\(options.positional[0])\"")
        }
        return options
    }

    /// Executes the command; returns the exit status.
    func run() throws -> Int32 {
        var logger = Logger(level: debug ? .debug : .warn)
        logger.metadata = [("cmd", "cni-\(command)")]
        let timeout = try values["timeout"].map { text -> Double in
            guard let seconds = Double(text), seconds > 0 else { throw CNICommandUsageError(message: "bad --timeout \(text)") }
            return seconds
        } ?? 60
        let runtime = CNIRuntime(
            executor: ProcessPluginExecutor(logger: logger), pluginPaths: pluginPaths(),
            cacheDir: values["cache-dir"] ?? "/var/lib/cni/results", timeout: timeout, logger: logger)

        if command == "version" {
            return try printVersions(runtime)
        }
        let list = try loadList()
        do {
            switch command {
            case "add":
                let result = try runtime.addNetworkList(list, try runtimeConf(needNetns: true))
                writeOut(1, try result.jsonValue(version: list.cniVersion).prettySerialized() + [UInt8(ascii: "\n")])
            case "check":
                try runtime.checkNetworkList(list, try runtimeConf(needNetns: true))
            case "del":
                try runtime.delNetworkList(list, try runtimeConf(needNetns: false))
            case "gc":
                try runtime.gcNetworkList(list, validAttachments: try validAttachments())
            default:
                try runtime.statusNetworkList(list)
            }
        } catch let error as CNIExecError {
            printCNIError(error.cniError, version: list.cniVersion)
            return 1
        }
        return 0
    }

    private func printVersions(_ runtime: CNIRuntime) throws -> Int32 {
        var plugins = positional
        if plugins.isEmpty {
            guard values["conflist"] != nil || values["network"] != nil else {
                throw CNICommandUsageError(message: "version needs PLUGIN names, --conflist or --network")
            }
            plugins = try loadList().plugins.map(\.type)
        }
        var answers: [String: JSONValue] = [:]
        for plugin in plugins {
            let info = try runtime.version(plugin: plugin)
            answers[plugin] = .object([
                "cniVersion": .string(info.cniVersion),
                "supportedVersions": .array(info.supportedVersions.map { .string($0) }),
            ])
        }
        writeOut(1, JSONValue.object(answers).prettySerialized() + [UInt8(ascii: "\n")])
        return 0
    }

    private func pluginPaths() -> [String] {
        let text = values["cni-path"] ?? getenv("CNI_PATH").map { String(cString: $0) } ?? "/opt/cni/bin:/usr/lib/cni"
        return text.split(separator: ":").map(String.init)
    }

    private func loadList() throws -> NetworkConfigList {
        switch (values["conflist"], values["network"]) {
        case (let file?, nil):
            return try NetworkConfigList.load(path: file)
        case (nil, let name?):
            return try NetworkConfigList.loadConfList(dir: values["cni-conf-dir"] ?? "/etc/cni/net.d", name: name)
        case (.some, .some):
            throw CNICommandUsageError(message: "give either --conflist or --network, not both")
        case (nil, nil):
            throw CNICommandUsageError(message: "missing --conflist FILE or --network NAME")
        }
    }

    private func runtimeConf(needNetns: Bool) throws -> RuntimeConf {
        guard let containerID = values["container-id"] else { throw CNICommandUsageError(message: "missing --container-id") }
        let netns = values["netns"] ?? ""
        if needNetns && netns.isEmpty { throw CNICommandUsageError(message: "missing --netns") }
        var args: [(String, String)] = []
        for pair in (values["args"] ?? "").split(separator: ";") where !pair.isEmpty {
            guard let eq = pair.firstIndex(of: "="), eq != pair.startIndex else {
                throw CNICommandUsageError(message: "--args: \"\(pair)\" is not K=V")
            }
            args.append((String(pair[..<eq]), String(pair[pair.index(after: eq)...])))
        }
        var capabilityArgs: [String: JSONValue] = [:]
        if let text = values["cap-args"] {
            guard let object = (try? JSONValue.parse(Array(text.utf8)))?.objectValue else {
                throw CNICommandUsageError(message: "--cap-args must be a JSON object")
            }
            capabilityArgs = object
        }
        return RuntimeConf(
            containerID: containerID, netns: netns, ifName: values["ifname"] ?? "eth0", args: args,
            capabilityArgs: capabilityArgs)
    }

    private func validAttachments() throws -> [GCAttachment]? {
        guard let text = values["valid-attachments"] else { return nil }
        guard let array = (try? JSONValue.parse(Array(text.utf8)))?.arrayValue else {
            throw CNICommandUsageError(message: "--valid-attachments must be a JSON array")
        }
        return try array.map { item in
            guard let id = item["containerID"]?.stringValue, let ifName = item["ifname"]?.stringValue else {
                throw CNICommandUsageError(message: "--valid-attachments entries need containerID and ifname")
            }
            return GCAttachment(containerID: id, ifName: ifName)
        }
    }
}

/// Prints a CNI error object on stdout, with `cniVersion` when the network's version is known.
private func printCNIError(_ error: CNIError, version: String?) {
    var wire = error
    if wire.cniVersion == nil { wire.cniVersion = version }
    writeOut(1, wire.jsonValue.prettySerialized() + [UInt8(ascii: "\n")])
}

/// Writes everything to a file descriptor (1 or 2); output errors are ignored, nothing to report them to.
private func writeOut(_ fd: Int32, _ bytes: [UInt8]) {
    _ = try? Files.writeAll(fd, bytes, what: fd == 1 ? "stdout" : "stderr")
}
