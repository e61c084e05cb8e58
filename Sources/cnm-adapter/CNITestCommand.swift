// `cnm-adapter cni test`: placeholder until the CNI spec checks land.

enum CNITestCommand {
    static func run(_ arguments: [String]) throws -> Int32 {
        throw UsageError("cni test is not implemented yet")
    }
}
