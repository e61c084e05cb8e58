// Recording fakes for the adapter's two seams: the host (namespaces, links, rules) and the CNI
// plugin executor. They record what they were asked and answer as scripted.

import AdapterOS
import CNIExec
import Synchronization

@testable import AdapterService

/// Records every host operation as a line, e.g. `"ensureNamespace cnia-0123"`.
final class FakeHost: HostNetworking, @unchecked Sendable {
    private let state = Mutex<(calls: [String], namespaces: Set<String>, hostLinks: Set<String>, busyPorts: Set<Int>)>(
        ([], [], [], []))

    var calls: [String] { state.withLock { $0.calls } }
    var namespaces: Set<String> { state.withLock { $0.namespaces } }
    var hostLinks: Set<String> { state.withLock { $0.hostLinks } }
    func markBusy(_ port: Int) { state.withLock { _ = $0.busyPorts.insert(port) } }
    /// A link that exists on the host before the test (e.g. `docker0`).
    func addHostLink(_ name: String) { state.withLock { _ = $0.hostLinks.insert(name) } }

    private func record(_ line: String) { state.withLock { $0.calls.append(line) } }

    func ensureNamespace(_ name: String) throws -> String {
        record("ensureNamespace \(name)")
        state.withLock { _ = $0.namespaces.insert(name) }
        return namespacePath(name)
    }
    func namespacePath(_ name: String) -> String { "/fake/netns/\(name)" }
    func namespaceExists(_ name: String) -> Bool { namespaces.contains(name) }
    func listNamespaces() -> [String] { namespaces.sorted() }
    func removeNamespace(_ name: String) throws {
        record("removeNamespace \(name)")
        state.withLock { _ = $0.namespaces.remove(name) }
    }
    func moveLinkToHost(netns: String, link: String, as newName: String) throws {
        record("moveLinkToHost \(netns) \(link) \(newName)")
        state.withLock { _ = $0.hostLinks.insert(newName) }
    }
    func moveLinkToNamespace(_ link: String, netns: String, as newName: String, addresses: [String]) throws -> Bool {
        record("moveLinkToNamespace \(link) \(netns) \(newName) \(addresses.joined(separator: ","))")
        return state.withLock { $0.hostLinks.remove(link) != nil }
    }
    func deleteLink(_ name: String) throws {
        record("deleteLink \(name)")
        state.withLock { _ = $0.hostLinks.remove(name) }
    }
    func linkExists(_ name: String) throws -> Bool { hostLinks.contains(name) }
    func ensureForwardRules(bridge: String, isolated: Bool) throws { record("ensureForwardRules \(bridge) \(isolated)") }
    func removeForwardRules(bridge: String) throws { record("removeForwardRules \(bridge)") }
    func forwardRuleBridges() -> Set<String> { [] }
    func removeMasquerade(subnet: String) throws { record("removeMasquerade \(subnet)") }
    func hostRoutes() -> [String] { ["10.200.0.0/24"] }
    func isPortBusy(proto: String, hostIP: String, port: Int) -> Bool { state.withLock { $0.busyPorts.contains(port) } }
    func removeUnusedPortmapChains() throws { record("removeUnusedPortmapChains") }
}

/// A CNI "plugin" that answers ADD with the address it was given through the `ips` capability
/// (or `addressOverride`), and records `COMMAND type` plus the config it received.
final class FakeExecutor: PluginExecutor, @unchecked Sendable {
    struct Call {
        var command: String
        var type: String
        var config: JSONValue
    }

    private let state = Mutex<[Call]>([])
    /// Answer ADD with this address instead of the requested one (a lying plugin).
    let addressOverride: String?
    /// Make every DEL fail.
    let failDel: Bool

    init(addressOverride: String? = nil, failDel: Bool = false) {
        self.addressOverride = addressOverride
        self.failDel = failDel
    }

    var calls: [Call] { state.withLock { $0 } }
    var summary: [String] { calls.map { "\($0.command) \($0.type)" } }

    func find(plugin: String, in paths: [String]) throws -> String { "/fake/bin/\(plugin)" }

    func execute(pluginPath: String, stdin: [UInt8], environment: [String], timeout: Double?) throws -> [UInt8] {
        let command = environment.first { $0.hasPrefix("CNI_COMMAND=") }.map { String($0.dropFirst(12)) } ?? "?"
        let config = try JSONValue.parse(stdin)
        let type = config["type"]?.stringValue ?? "?"
        state.withLock { $0.append(Call(command: command, type: type, config: config)) }
        switch command {
        case "ADD":
            if let prev = config["prevResult"] { return prev.serialized() }
            let ips = config["runtimeConfig"]?["ips"]?.arrayValue?.compactMap(\.stringValue) ?? ["10.50.0.99/24"]
            let address = addressOverride ?? ips.first ?? "10.50.0.99/24"
            let result: JSONValue = .object([
                "cniVersion": .string("1.0.0"),
                "interfaces": .array([.object(["name": .string("eth0"), "mac": .string("aa:bb:cc:dd:ee:ff"), "sandbox": .string("/x")])]),
                "ips": .array([.object(["address": .string(address), "gateway": .string("10.50.0.1"), "interface": .integer(0)])]),
                "routes": .array([.object(["dst": .string("0.0.0.0/0")])]),
            ])
            return result.serialized()
        case "DEL":
            if failDel { throw CNIExecError(.pluginFailed, "fake DEL failure") }
            return []
        default:
            return []
        }
    }
}
