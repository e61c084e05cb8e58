// `cnm-adapter conformance`: runs the Conformance suite against a plugin socket.

import Conformance

enum ConformanceCommand {
    /// Parses the options, runs the suite, prints the report; returns the exit status.
    static func run(_ arguments: [String]) throws -> Int32 {
        let args = try Arguments(arguments, valued: ["socket", "engine", "timeout", "concurrency"], boolean: ["help", "json"])
        if args.has("help") {
            printOut(ConformanceUsage.text)
            return 0
        }
        guard let socket = args["socket"] else { throw UsageError("conformance needs --socket PATH") }
        var options = ConformanceOptions(socket: socket)
        if let engine = args["engine"] {
            guard RecordedSequence.engines.contains(engine) else {
                throw UsageError("--engine must be one of \(RecordedSequence.engines.joined(separator: ", "))")
            }
            options.engines = [engine]
        }
        if let text = args["timeout"] {
            guard let timeout = Int(text), timeout > 0 else { throw UsageError("--timeout needs a positive number of seconds") }
            options.timeout = timeout
        }
        if let text = args["concurrency"] {
            guard let width = Int(text), (1...64).contains(width) else { throw UsageError("--concurrency needs 1…64") }
            options.concurrency = width
        }
        let report = ConformanceSuite.run(options)
        printOut(args.has("json") ? report.json() : report.text())
        return report.passed ? 0 : 1
    }
}
