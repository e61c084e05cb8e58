// Multi-call entry: `cnm-adapter cni-plugin bridge|ipam` or a link named `cni-adapter-bridge` /
// `cni-adapter-ipam` runs a bundled CNI plugin (main.swift dispatches here).

import Datapath

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// The bundled plugin name when the binary was invoked as one (`cni-adapter-bridge`), else nil.
/// - Parameter forArgv0: argv[0], possibly a path.
func bundledPluginName(forArgv0 argv0: String) -> String? {
    let base = argv0.split(separator: "/").last.map(String.init) ?? argv0
    return BundledPlugin(name: base).flatMap { base.hasPrefix("cni-adapter-") ? $0.rawValue : nil }
}

/// Runs bundled plugin `name` as a CNI plugin process: environment and stdin in, stdout out.
/// - Parameters:
///   - name: `bridge`, `ipam` (or the `cni-adapter-` type names).
///   - arguments: remaining command-line arguments (unused: CNI passes everything in env/stdin).
/// - Returns: the process exit code.
func runBundledPlugin(name: String, arguments: [String]) -> Int32 {
    let environment = currentEnvironment()
    // VERSION needs no stdin, and a runtime may leave it a terminal; everything else reads it.
    let stdin = environment["CNI_COMMAND"] == "VERSION" && isatty(0) != 0 ? [] : readStandardInput()
    let (code, output) = BundledPlugins.run(command: name, environment: environment, stdin: stdin)
    var bytes = output
    var offset = 0
    while offset < bytes.count {
        let n = bytes.withUnsafeMutableBytes { write(1, $0.baseAddress! + offset, $0.count - offset) }
        if n <= 0 { if errno == EINTR { continue } else { break } }
        offset += n
    }
    return code
}

/// The process environment as a dictionary (read once, before any thread could `setenv`).
private func currentEnvironment() -> [String: String] {
    var result: [String: String] = [:]
    var pointer = environ
    while let entry = pointer.pointee {
        let text = String(cString: entry)
        if let eq = text.firstIndex(of: "=") { result[String(text[..<eq])] = String(text[text.index(after: eq)...]) }
        pointer += 1
    }
    return result
}

/// All of stdin.
private func readStandardInput() -> [UInt8] {
    var out: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = chunk.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
        if n > 0 {
            out.append(contentsOf: chunk[0..<n])
        } else if n < 0 && errno == EINTR {
            continue
        } else {
            return out
        }
    }
}
