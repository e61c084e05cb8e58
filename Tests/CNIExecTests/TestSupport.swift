// Helpers shared by the CNIExec tests: temp dirs, fixture files, script plugins, a fake executor.

import AdapterOS
import CNIExec

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// A fresh directory under /tmp, removed by `remove()`.
struct TempDir {
    let path: String

    init() throws {
        var template = Array("/tmp/cnia-cniexec-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer -> String? in
            guard let base = buffer.baseAddress, mkdtemp(base) != nil else { return nil }
            return String(cString: base)
        }
        guard let made else { throw SystemError.current("mkdtemp") }
        path = made
    }

    func remove() { try? Files.removeTree(path) }

    /// Writes a file (relative name) and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String, mode: mode_t = 0o644) throws -> String {
        let file = "\(path)/\(name)"
        try Files.writeAtomically(file, Array(text.utf8), mode: mode)
        return file
    }

    /// Reads a file (relative name) as text; `nil` when missing.
    func read(_ name: String) -> String? {
        (try? Files.read("\(path)/\(name)")).flatMap { $0.map { String(decoding: $0, as: UTF8.self) } }
    }
}

/// Runs `body` with a temp dir that is removed afterwards, even when `body` throws.
func withTempDir<T>(_ body: (TempDir) throws -> T) throws -> T {
    let dir = try TempDir()
    defer { dir.remove() }
    return try body(dir)
}

/// Fixture files next to this source file (no Foundation `Bundle` needed).
enum Fixtures {
    static let directory: String = Files.directory(of: #filePath) + "/Fixtures"

    static func path(_ name: String) -> String { "\(directory)/\(name)" }

    static func bytes(_ name: String) throws -> [UInt8] {
        guard let bytes = try Files.read(path(name)) else { throw SystemError("fixture \(name)", errno: ENOENT) }
        return bytes
    }
}

/// Shell-script plugins written into `<temp>/bin`: each logs its stdin and CNI_* env per command
/// into `<log>/<name>-<COMMAND>.stdin|.env`, appends `<name> <COMMAND>` to `<log>/calls`, then
/// runs `body` (which prints the result for ADD).
enum ScriptPlugin {
    /// A plugin that records its call and then runs `body` (sh).
    static func write(_ name: String, in dir: TempDir, log: String, body: String) throws {
        let script = """
            #!/bin/sh
            cat > "\(log)/\(name)-$CNI_COMMAND.stdin"
            env | grep '^CNI_\\|^PATH=' | sort > "\(log)/\(name)-$CNI_COMMAND.env"
            echo "\(name) $CNI_COMMAND" >> "\(log)/calls"
            \(body)

            """
        try Files.makeDirectories(dir.path + "/bin")
        try dir.write("bin/" + name, script, mode: 0o755)
    }

    /// A plugin that answers ADD with `result` and VERSION with every version.
    static func writeResultPlugin(_ name: String, in dir: TempDir, log: String, result: String) throws {
        try write(name, in: dir, log: log, body: """
            case "$CNI_COMMAND" in
              ADD) printf '%s' '\(result)' ;;
              VERSION) printf '%s' '{"cniVersion":"1.1.0","supportedVersions":["0.3.0","0.3.1","0.4.0","1.0.0","1.1.0"]}' ;;
            esac
            """)
    }
}

/// A recording fake: keeps every call and answers through a scripted closure.
final class FakePluginExecutor: PluginExecutor, @unchecked Sendable {
    struct Call: Sendable {
        var plugin: String
        var command: String
        var stdin: JSONValue
        var environment: [String: String]
    }

    private let lock = Lock()
    private var recorded: [Call] = []
    private let respond: @Sendable (Call) throws -> [UInt8]
    private let missing: Set<String>

    /// - Parameters:
    ///   - missing: plugin names `find` does not find.
    ///   - respond: the answer to each call; default: ``standardAnswer``.
    init(missing: Set<String> = [], respond: @escaping @Sendable (Call) throws -> [UInt8] = FakePluginExecutor.standardAnswer) {
        self.missing = missing
        self.respond = respond
    }

    /// Every call so far, in order.
    var calls: [Call] { lock.withLock { recorded } }

    /// `"plugin COMMAND"` for every call so far.
    var summary: [String] { calls.map { "\($0.plugin) \($0.command)" } }

    func execute(pluginPath: String, stdin: [UInt8], environment: [String], timeout: Double?) throws -> [UInt8] {
        var env: [String: String] = [:]
        for entry in environment {
            guard let eq = entry.firstIndex(of: "=") else { continue }
            env[String(entry[..<eq])] = String(entry[entry.index(after: eq)...])
        }
        let call = Call(
            plugin: String(pluginPath.split(separator: "/").last ?? ""), command: env["CNI_COMMAND"] ?? "",
            stdin: (try? JSONValue.parse(stdin)) ?? .null, environment: env)
        lock.withLock { recorded.append(call) }
        return try respond(call)
    }

    func find(plugin: String, in paths: [String]) throws -> String {
        if missing.contains(plugin) { throw CNIExecError(.pluginNotFound, "failed to find plugin \"\(plugin)\"") }
        return "/fake/\(plugin)"
    }

    /// ADD: the prevResult plus one address per plugin (10.0.0.N/24 for the Nth call);
    /// VERSION: every version; anything else: no output.
    @Sendable static func standardAnswer(_ call: Call) throws -> [UInt8] {
        switch call.command {
        case "ADD":
            let version = call.stdin["cniVersion"]?.stringValue ?? "1.1.0"
            var result = try call.stdin["prevResult"].map { try CNIResult.parse($0) } ?? CNIResult()
            result.ips.append(CNIResult.IPConfig(address: "10.0.0.\(result.ips.count + 1)/24"))
            return try result.encoded(version: version)
        case "VERSION":
            return Array(#"{"cniVersion":"1.1.0","supportedVersions":["0.3.1","0.4.0","1.0.0","1.1.0"]}"#.utf8)
        default:
            return []
        }
    }
}

/// A conflist with the given plugin objects (JSON text each).
func conflist(name: String = "testnet", version: String = "1.0.0", extra: String = "", plugins: [String]) throws
    -> NetworkConfigList
{
    let text = #"{"cniVersion":"\#(version)","name":"\#(name)"\#(extra),"plugins":[\#(plugins.joined(separator: ","))]}"#
    return try NetworkConfigList.parse(Array(text.utf8), source: "test.conflist")
}
