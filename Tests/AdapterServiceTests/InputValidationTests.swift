// The pure validators for hostile option values, names and CNI_ARGS.

import Testing
@testable import AdapterService

@Suite struct InputValidationTests {
    @Test(arguments: ["cnia-0123456789", "a", "net_1.x-y", String(repeating: "a", count: 128)])
    func acceptsNetworkNames(name: String) throws {
        #expect(try InputValidation.networkName(name) == name)
    }

    @Test(arguments: ["", "-a", ".hidden", "..", "a/b", "../etc", "a b", "a;b", "a\u{0}b", "é", String(repeating: "a", count: 129)])
    func refusesNetworkNames(name: String) {
        #expect(throws: AdapterError.self) { try InputValidation.networkName(name) }
    }

    @Test func conflistPathStaysInsideTheConfDir() throws {
        #expect(try InputValidation.conflistPath(name: "cnia-01.conflist", confDir: "/etc/cni/net.d") == "/etc/cni/net.d/cnia-01.conflist")
        #expect(try InputValidation.conflistPath(name: "x.conf", confDir: "/etc/cni/net.d/") == "/etc/cni/net.d/x.conf")
        for bad in ["../x.conflist", "a/b.conflist", "..", ".", ".x.conflist", "x.txt", "x\n.conflist", "", "/etc/passwd", "..conflist"] {
            #expect(throws: AdapterError.self, "\(bad)") { try InputValidation.conflistPath(name: bad, confDir: "/etc/cni/net.d") }
        }
        #expect(throws: AdapterError.self) { try InputValidation.conflistPath(name: "x.conflist", confDir: "relative") }
    }

    @Test func pluginTypesAreBareFileNames() throws {
        #expect(try InputValidation.pluginType("host-local") == "host-local")
        for bad in ["", ".", "..", "../bin/sh", "/bin/sh", "a/b", ".hidden", "a b", "a;b", "a\u{0}"] {
            #expect(throws: AdapterError.self, "\(bad)") { try InputValidation.pluginType(bad) }
        }
    }

    @Test func interfaceNames() throws {
        #expect(try InputValidation.interfaceName("eth0") == "eth0")
        #expect(try InputValidation.interfaceName("cnia0123456789a") == "cnia0123456789a")  // 15 bytes
        for bad in ["", ".", "..", "cnia0123456789ab", "a/b", "a:b", "a b", "a\tb", "eth0\u{0}", "é"] {
            #expect(throws: AdapterError.self, "\(bad)") { try InputValidation.interfaceName(bad) }
        }
    }

    @Test func mtuRange() throws {
        #expect(try InputValidation.mtu("68") == 68)
        #expect(try InputValidation.mtu("9000") == 9000)
        #expect(try InputValidation.mtu("65535") == 65535)
        for bad in ["67", "65536", "-1", "+1500", " 1500", "1500 ", "0x5dc", "", "1e3", "99999999999999999999999"] {
            #expect(throws: AdapterError.self, "\(bad)") { try InputValidation.mtu(bad) }
        }
        let message = (try? InputValidation.mtu("abc")).map { "\($0)" } ?? errorText { try InputValidation.mtu("abc") }
        #expect(message == "invalid option com.docker.network.driver.mtu=abc: MTU must be a number from 68 to 65535")
    }

    @Test func booleansAsGoParsesThem() throws {
        for yes in ["1", "t", "T", "TRUE", "true", "True"] { #expect(try InputValidation.boolean(yes, option: "o")) }
        for no in ["0", "f", "F", "FALSE", "false", "False"] { #expect(try !InputValidation.boolean(no, option: "o")) }
        for bad in ["", "yes", "tRUE", " true", "2"] {
            #expect(throws: AdapterError.self, "\(bad)") { try InputValidation.boolean(bad, option: "o") }
        }
    }

    @Test func cidrs() throws {
        #expect(try InputValidation.cidr("10.1.0.0/16", option: "subnet").length == 16)
        #expect(try InputValidation.cidr("fd00::/64", option: "subnet").length == 64)
        #expect(try InputValidation.cidr("0.0.0.0/0", option: "subnet").length == 0)
        for bad in ["10.1.2.3/16", "10.1.0.0", "10.1.0.0/33", "10.1.0.0/-1", "fd00::1/64", "10.1.0/16", "x/8", "10.1.0.0/16/1", ""] {
            #expect(throws: AdapterError.self, "\(bad)") { try InputValidation.cidr(bad, option: "subnet") }
        }
    }

    @Test func optionKeys() throws {
        #expect(try InputValidation.optionKey("com.docker.network.driver.mtu") == "com.docker.network.driver.mtu")
        for bad in ["", "a b", "a\nb", String(repeating: "k", count: 257), "ключ"] {
            #expect(throws: AdapterError.self, "\(bad)") { try InputValidation.optionKey(bad) }
        }
    }

    @Test func cniArgsValuesCannotInject() throws {
        #expect(try InputValidation.cniArgsValue("10.1.0.2", key: "IP") == "10.1.0.2")
        for bad in ["x;IP=10.0.0.9", "a=b", "a\u{0}", "a\nb"] {
            #expect(throws: AdapterError.self, "\(bad)") { try InputValidation.cniArgsValue(bad, key: "K8S_POD_NAME") }
        }
    }

    @Test func messagesEscapeControlCharacters() {
        #expect(errorText { try InputValidation.interfaceName("a\u{1b}[31m") }.contains("\\u{1b}"))
    }
}

/// The description of the error `body` throws, or "" when it does not throw.
private func errorText(_ body: () throws -> Any) -> String {
    do {
        _ = try body()
        return ""
    } catch {
        return "\(error)"
    }
}
