// `cnm-adapter cni test`: runs the CNI spec checks of the Conformance module on one config.

import AdapterOS
import Conformance

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

enum CNITestCommand {
    /// Parses the options, runs the checks, prints the report; returns the exit status.
    static func run(_ arguments: [String]) throws -> Int32 {
        let args = try Arguments(arguments, valued: ["conflist", "cni-path", "netns-dir", "timeout"], boolean: ["help", "json"])
        if args.has("help") {
            printOut(CNITestUsage.text)
            return 0
        }
        guard let conflist = args["conflist"] else { throw UsageError("cni test needs --conflist FILE") }
        let pathText = args["cni-path"] ?? getenv("CNI_PATH").map { String(cString: $0) } ?? "/opt/cni/bin:/usr/lib/cni"
        var options = CNITestOptions(conflist: conflist, pluginPaths: pathText.split(separator: ":").map(String.init))
        if let text = args["timeout"] {
            guard let timeout = Double(text), timeout > 0 else { throw UsageError("--timeout needs a positive number of seconds") }
            options.timeout = timeout
        }
        // The result cache of the test's attachments: a private temp dir, removed afterwards.
        var template = Array("/tmp/cnia-ct-XXXXXX".utf8CString)
        guard let dir = mkdtemp(&template) else { throw SystemError.current("mkdtemp") }
        let scratch = String(cString: dir)
        defer { try? Files.removeTree(scratch) }
        let host = LinuxCNITestHost(namespaceDir: args["netns-dir"] ?? "/run/cni-adapter/netns-test")
        let report = CNITester(options: options, host: host, scratch: scratch).run()
        printOut(args.has("json") ? report.json() : report.text(title: "cni test"))
        return report.passed ? 0 : 1
    }
}
