// A small, strict command-line option parser: `--name value`, `--name=value`, `--flag`.
// Unknown options are errors, so a typo never silently runs with a default.

/// A command-line mistake; printed with the command's usage, exit status 2.
struct UsageError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Parsed options of one subcommand.
struct Arguments {
    private(set) var values: [String: String] = [:]
    private(set) var flags: Set<String> = []
    private(set) var positional: [String] = []

    /// Parses `arguments` allowing `valued` options (which take a value) and `boolean` flags.
    init(_ arguments: [String], valued: Set<String>, boolean: Set<String> = ["help"]) throws {
        var rest = arguments[...]
        while let arg = rest.popFirst() {
            if arg == "--" {
                positional.append(contentsOf: rest)
                break
            }
            guard arg.hasPrefix("-"), arg != "-" else {
                positional.append(arg)
                continue
            }
            var name = String(arg.drop { $0 == "-" })
            var inline: String?
            if let eq = name.firstIndex(of: "=") {
                inline = String(name[name.index(after: eq)...])
                name = String(name[..<eq])
            }
            if name == "h" { name = "help" }
            if valued.contains(name) {
                guard let value = inline ?? rest.popFirst() else { throw UsageError("option --\(name) needs a value") }
                values[name] = value
            } else if boolean.contains(name) {
                guard inline == nil else { throw UsageError("option --\(name) takes no value") }
                flags.insert(name)
            } else {
                throw UsageError("unknown option --\(name)")
            }
        }
    }

    subscript(_ name: String) -> String? { values[name] }
    func has(_ flag: String) -> Bool { flags.contains(flag) }
}
