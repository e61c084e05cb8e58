// Several endpoints at once on separate connections, as Docker does for `docker rm -f a b c …`.

import AdapterOS

/// Runs the endpoint part of a container sequence on `width` connections at the same time.
struct ConcurrencyProbe {
    let socket: String
    let timeout: Int
    let links: (any HostLinkLookup)?
    let width: Int

    func run(_ sequence: RecordedSequence) -> [ConformanceCheck] {
        let group = "\(sequence.engine)/concurrent"
        let indexed = Array(sequence.calls.enumerated()).map { (index: $0.offset, call: $0.element) }
        guard let firstEndpoint = indexed.firstIndex(where: { $0.call.scope == "endpoint" }),
            let lastEndpoint = indexed.lastIndex(where: { $0.call.scope == "endpoint" })
        else {
            return [ConformanceCheck(group: group, name: "setup", status: .skip, message: "sequence \(sequence.name) has no endpoint calls")]
        }
        let before = Array(indexed[..<firstEndpoint])
        let endpoint = Array(indexed[firstEndpoint...lastEndpoint]).filter { $0.call.scope == "endpoint" }
        let after = Array(indexed[(lastEndpoint + 1)...])

        let main = PluginConnection(path: socket, host: sequence.host, timeout: timeout)
        var runner = SequenceRunner(group: group, connection: main)
        var state = SequenceState(context: RuleContext(links: links))
        runner.run(before, state: &state)
        var checks = runner.checks
        if state.stopped {
            runner.checks = []
            runner.run(after, state: &state)
            return checks + runner.checks
        }

        // Each worker: its own connection and endpoint IDs, the network's pools and IDs shared.
        let boxes = (0..<width).map { _ in ResultBox<WorkerResult>() }
        let shared = state
        for worker in 0..<width {
            let box = boxes[worker]
            let socket = self.socket, timeout = self.timeout, host = sequence.host
            do {
                try startThread {
                    let connection = PluginConnection(path: socket, host: host, timeout: timeout)
                    var runner = SequenceRunner(group: "\(group) worker \(worker + 1)", connection: connection)
                    var mine = shared
                    mine.addresses = []
                    runner.run(endpoint, state: &mine)
                    box.set(.success(WorkerResult(checks: runner.checks, addresses: mine.addresses, srcNames: Array(mine.srcNames.values))))
                }
            } catch {
                box.set(.failure(error))
            }
        }
        var addresses: [String] = []
        var srcNames: [String] = []
        for (worker, box) in boxes.enumerated() {
            switch box.wait() {
            case .success(let result):
                let failed = result.checks.filter { $0.status == .fail }
                let status: CheckStatus = failed.isEmpty ? .pass : .fail
                let message = failed.isEmpty
                    ? "\(result.checks.count) calls on connection \(worker + 1) answered as Docker needs"
                    : failed.map { "\($0.name): \($0.message)" }.joined(separator: "; ")
                checks.append(ConformanceCheck(group: group, name: "endpoint lifecycle \(worker + 1) of \(width)", status: status, message: message))
                addresses += result.addresses
                srcNames += result.srcNames
            case .failure(let error):
                checks.append(ConformanceCheck(group: group, name: "endpoint lifecycle \(worker + 1) of \(width)", status: .fail, message: "could not start: \(error)"))
            }
        }
        let duplicateAddresses = Set(addresses.filter { a in addresses.filter { $0 == a }.count > 1 })
        checks.append(ConformanceCheck(
            group: group, name: "distinct addresses",
            status: duplicateAddresses.isEmpty ? .pass : .fail,
            message: duplicateAddresses.isEmpty
                ? "\(addresses.count) concurrent RequestAddress answers, all different"
                : "the same address went to two concurrent endpoints: \(duplicateAddresses.sorted().joined(separator: ", "))"))
        let duplicateNames = Set(srcNames.filter { n in srcNames.filter { $0 == n }.count > 1 })
        checks.append(ConformanceCheck(
            group: group, name: "distinct SrcNames",
            status: duplicateNames.isEmpty ? .pass : .fail,
            message: duplicateNames.isEmpty
                ? "\(srcNames.count) concurrent Joins, all with their own link"
                : "two concurrent Joins returned the same SrcName: \(duplicateNames.sorted().joined(separator: ", "))"))

        runner.checks = []
        state.stopped = false
        runner.run(after, state: &state)
        return checks + runner.checks
    }
}

private struct WorkerResult: Sendable {
    var checks: [ConformanceCheck]
    var addresses: [String]
    var srcNames: [String]
}
