// Placeholder until the cnitool-style command lands.
let cniUsage = "Usage: cnm-adapter cni add|check|del|gc|status|version …\n"
func runCNICommand(_ arguments: [String]) -> Int32 {
    printErr("cnm-adapter cni: not available yet\n")
    return 2
}
