// The real executor against shell-script plugins: every way a plugin can fail.

import AdapterOS
import CNIExec
import Testing

@Suite struct ProcessPluginExecutorTests {
    let executor = ProcessPluginExecutor()

    /// Runs a one-plugin ADD of a script with `body` and returns what the runtime throws.
    func addError(_ body: String, timeout: Double = 10) throws -> CNIExecError? {
        try withTempDir { dir in
            try dir.write("plug", "#!/bin/sh\n\(body)\n", mode: 0o755)
            let runtime = CNIRuntime(
                executor: executor, pluginPaths: [dir.path], cacheDir: dir.path + "/cache", timeout: timeout,
                negotiateVersions: false)
            do {
                try runtime.addNetworkList(try conflist(plugins: [#"{"type":"plug"}"#]), RuntimeConf(containerID: "c1", netns: "/x"))
                return nil
            } catch let error as CNIExecError {
                return error
            }
        }
    }

    @Test func returnsStdoutOnSuccess() throws {
        try withTempDir { dir in
            try dir.write("ok", "#!/bin/sh\ncat\necho \"env=$CNI_COMMAND\" >&2\n", mode: 0o755)
            let path = try executor.find(plugin: "ok", in: ["/nonexistent", dir.path])
            #expect(path == dir.path + "/ok")
            let out = try executor.execute(pluginPath: path, stdin: Array("hello".utf8), environment: ["CNI_COMMAND=ADD"], timeout: 5)
            #expect(out == Array("hello".utf8))
        }
    }

    @Test func findSkipsNonExecutablesAndDirectories() throws {
        try withTempDir { dir in
            try Files.makeDirectories(dir.path + "/a/plug")
            try Files.makeDirectories(dir.path + "/b")
            try dir.write("b/plug", "not executable", mode: 0o644)
            #expect(throws: CNIExecError.self) { try executor.find(plugin: "plug", in: [dir.path + "/a", dir.path + "/b"]) }
            #expect(throws: CNIExecError.self) { try executor.find(plugin: "../b/plug", in: [dir.path + "/a"]) }
        }
    }

    @Test func pluginErrorObjectIsThrownWithItsCode() throws {
        let error = try #require(try addError(#"echo '{"code":7,"msg":"bad config","details":"field x"}'; echo oops >&2; exit 1"#))
        #expect(error.code == .pluginFailed)
        #expect(error.cniError.code == 7)
        #expect(error.cniError.msg == #"plugin type="plug" failed (add): bad config"#)
        #expect(error.cniError.details == "field x")
        #expect(error.stderr == "oops")
    }

    @Test func crashNamesPluginAndSignal() throws {
        let error = try #require(try addError("kill -SEGV $$"))
        #expect(error.code == .pluginCrashed)
        #expect(error.cniError.msg.contains("plugin plug crashed: killed by signal 11 (SIGSEGV)"))
    }

    @Test func hangIsKilledAtTheDeadline() throws {
        let error = try #require(try addError("sleep 30", timeout: 0.5))
        #expect(error.code == .pluginTimedOut)
        #expect(error.cniError.msg.contains("plugin plug timed out after 0.5s, killed"))
    }

    @Test func garbageOnSuccessIsAnInvalidResult() throws {
        let error = try #require(try addError("echo 'this is not json'"))
        #expect(error.code == .invalidPluginOutput)
        #expect(error.cniError.msg.contains(#"plugin type="plug" failed (add): result is not valid JSON: "this is not json"#))
    }

    @Test func garbageOnFailureIsReported() throws {
        let error = try #require(try addError("echo 'panic: something'; exit 2"))
        #expect(error.code == .pluginFailed)
        #expect(error.cniError.msg.contains("failed with exit status 2 but its output is not a CNI error: \"panic: something"))
    }

    @Test func emptyStdoutFailureUsesStderr() throws {
        let error = try #require(try addError("echo 'no such device' >&2; exit 1"))
        #expect(error.cniError.msg.contains(#"netplugin failed: "no such device""#))
    }

    @Test func missingPluginIsNotFound() throws {
        try withTempDir { dir in
            let runtime = CNIRuntime(executor: executor, pluginPaths: [dir.path], cacheDir: dir.path, negotiateVersions: false)
            #expect {
                try runtime.addNetworkList(try conflist(plugins: [#"{"type":"nothere"}"#]), RuntimeConf(containerID: "c1", netns: "/x"))
            } throws: { ($0 as? CNIExecError)?.code == .pluginNotFound }
        }
    }
}
