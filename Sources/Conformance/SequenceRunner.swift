// Replays recorded sequences against a plugin and checks every answer the way Docker takes it.

import Datapath

/// What the plugin declared at activation; decides which sequences Docker would send.
public struct PluginCapabilities: Sendable {
    /// `Implements` from Plugin.Activate.
    public var implements: [String] = []
    /// IpamDriver.GetCapabilities `RequiresRequestReplay`.
    public var requiresRequestReplay = false
}

/// The state of one sequence run: placeholder values and what the plugin handed out.
struct SequenceState {
    var bindings = Bindings()
    var context: RuleContext
    /// Endpoint placeholder → SrcName its Join returned.
    var srcNames: [String: String] = [:]
    /// Pools answered to `RequestPool` with `Pool: ""`, by request body, still held.
    var probedPools: [String: [String]] = [:]
    /// Set once a non-teardown call failed: Docker stops there, only teardown continues.
    var stopped = false
    /// Addresses answered, for the concurrency check.
    var addresses: [String] = []
}

/// Sends recorded calls over one connection and records a check per call.
struct SequenceRunner {
    let group: String
    let connection: PluginConnection
    var checks: [ConformanceCheck] = []

    init(group: String, connection: PluginConnection) {
        self.group = group
        self.connection = connection
    }

    /// Runs `calls` in order (indices are the calls' positions in their sequence, for messages).
    mutating func run(_ calls: [(index: Int, call: RecordedCall)], state: inout SequenceState) {
        for (index, call) in calls {
            perform(call, index: index, state: &state)
        }
    }

    mutating func record(_ name: String, _ status: CheckStatus, _ message: String) {
        checks.append(ConformanceCheck(group: group, name: name, status: status, message: message))
    }

    mutating func perform(_ call: RecordedCall, index: Int, state: inout SequenceState) {
        let name = "#\(index + 1) \(call.method)"
        if state.stopped && !call.isTeardown {
            record(name, .skip, "not sent: an earlier call failed, Docker stops there (teardown calls still run)")
            return
        }
        let body: String
        switch state.bindings.substitute(call.body) {
        case .success(let text): body = text
        case .failure(let unbound):
            record(name, .skip, "not sent: {{\(unbound.name)}} has no value (the call that hands it out failed)")
            return
        }
        let answer: PluginAnswer
        do {
            answer = try connection.call(call.path, body: Array(body.utf8))
        } catch {
            record(name, .fail, "no answer: \(error)")
            if !call.isTeardown { state.stopped = true }
            return
        }
        let request = body.isEmpty ? nil : JSON.parseOrNil(Array(body.utf8))
        switch DockerAnswer.interpret(method: call.method, answer) {
        case .error(let message):
            record(name, .fail, "Docker sees an error: \(message)")
            if !call.isTeardown { state.stopped = true }
        case .broken(let message):
            record(name, .fail, message)
            if !call.isTeardown { state.stopped = true }
        case .success(let object):
            let problems = AnswerRules.problems(method: call.method, request: request, answer: object, context: state.context)
            if problems.isEmpty {
                record(name, .pass, summary(answer))
            } else {
                record(name, .fail, problems.joined(separator: "; "))
            }
            learn(call, request: request, answer: object, state: &state)
        }
    }

    private func summary(_ answer: PluginAnswer) -> String {
        let text = answer.bodyText.trimmingNewlines()
        return "\(answer.status) \(text.count > 110 ? String(text.prefix(110)) + "…" : text)"
    }

    /// Binds placeholders from the answer and runs the checks that span calls.
    private mutating func learn(_ call: RecordedCall, request: JSON?, answer: [String: JSON], state: inout SequenceState) {
        for (field, placeholder) in call.bind {
            if let value = answer[field]?.stringValue, !value.isEmpty { state.bindings.bind(placeholder, value) }
        }
        let epPlaceholder = placeholderName(call.body, prefix: "ep")
        switch call.method {
        case "IpamDriver.RequestPool":
            guard let poolID = answer["PoolID"]?.stringValue, let pool = answer["Pool"]?.stringValue,
                let prefix = IPPrefix(pool)
            else { return }
            state.context.pools[poolID] = prefix.canonical
            if let request, request.string("Pool").isEmpty {
                let key = request.text
                let held = state.probedPools[key] ?? []
                if !held.isEmpty {
                    if held.contains(pool) {
                        record("overlap probing", .fail, "RequestPool with Pool \"\" asked again returned \(pool) again: Docker asks again when a pool overlaps a host route and loops until it gets another one")
                    } else {
                        record("overlap probing", .pass, "RequestPool with Pool \"\" asked again returned a different pool (\(held.joined(separator: ", ")) then \(pool))")
                    }
                }
                state.probedPools[key] = held + [pool]
            }
        case "IpamDriver.ReleasePool":
            let poolID = request?.string("PoolID") ?? ""
            if let pool = state.context.pools[poolID] {
                for key in state.probedPools.keys {
                    state.probedPools[key]?.removeAll { IPPrefix($0)?.canonical == pool }
                }
            }
        case "IpamDriver.RequestAddress":
            if let address = answer["Address"]?.stringValue { state.addresses.append(address) }
        case "NetworkDriver.Join":
            if let ep = epPlaceholder, let src = answer["InterfaceName"]?.string("SrcName"), !src.isEmpty {
                state.srcNames[ep] = src
            }
        case "NetworkDriver.DeleteEndpoint":
            guard let ep = epPlaceholder, let src = state.srcNames[ep], let links = state.context.links else { return }
            if (try? links.linkExists(src)) == true {
                record("leak after DeleteEndpoint", .fail, "link \(src) (Join's SrcName) is still in the host netns after DeleteEndpoint: Docker forgets the endpoint, the link leaks")
            } else {
                record("leak after DeleteEndpoint", .pass, "link \(src) is gone after DeleteEndpoint")
            }
        default:
            break
        }
    }

    private func placeholderName(_ body: String, prefix: String) -> String? {
        guard let open = body[...].find("{{\(prefix)") else { return nil }
        guard let close = body[open.upperBound...].find("}}") else { return nil }
        return prefix + String(body[open.upperBound..<close.lowerBound])
    }
}

extension String {
    func trimmingNewlines() -> String {
        var s = self[...]
        while let last = s.last, last == "\n" || last == "\r" || last == " " { s = s.dropLast() }
        return String(s)
    }
}
