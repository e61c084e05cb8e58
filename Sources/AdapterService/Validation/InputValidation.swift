// Pure checks for values that come from `docker network create` (and so from anyone who can
// reach the socket) before they reach a file name, a plugin, netlink or CNI_ARGS.
//
// Each returns the accepted value (normalised where that matters) or throws an AdapterError whose
// message names the value and the rule, which Docker shows after "remote: ".

import Datapath

/// Validation of hostile-input values; no I/O.
public enum InputValidation {
    /// Longest network, conflist and plugin-type name accepted: a file name component is 255
    /// bytes, and host-local and the result cache add their own suffixes.
    public static let maxNameBytes = 128

    /// A CNI network (conflist) name: libcni's `^[a-zA-Z0-9][a-zA-Z0-9_.-]*$`, at most 128 bytes.
    ///
    /// The name becomes part of file names (result cache, host-local's store), so `/`, `..` at
    /// the start and NUL are impossible by construction.
    /// - Throws: `AdapterError` naming the value.
    public static func networkName(_ name: String) throws -> String {
        guard !name.isEmpty else { throw AdapterError("network name is empty") }
        guard name.utf8.count <= maxNameBytes else {
            throw AdapterError("network name \"\(name.prefix(32))…\" is longer than \(maxNameBytes) bytes")
        }
        guard let first = name.utf8.first, isAlphanumeric(first), name.utf8.allSatisfy(isNameByte) else {
            throw AdapterError("network name \"\(printable(name))\" must match [a-zA-Z0-9][a-zA-Z0-9_.-]*")
        }
        return name
    }

    /// The path of conflist `name` inside `confDir`: one plain file name, never a path.
    ///
    /// - Parameters:
    ///   - name: the file name, e.g. `cnia-0123456789.conflist`; no `/`, not `.` or `..`, no NUL,
    ///     not hidden, ending in `.conflist`, `.conf` or `.json`.
    ///   - confDir: the configuration directory, absolute.
    /// - Returns: `confDir/name`.
    /// - Throws: `AdapterError` naming the value.
    public static func conflistPath(name: String, confDir: String) throws -> String {
        guard confDir.hasPrefix("/") else { throw AdapterError("CNI configuration directory \"\(confDir)\" is not absolute") }
        guard !name.isEmpty, !name.contains("/"), name != ".", name != "..", !name.hasPrefix("."),
            !name.unicodeScalars.contains(where: isControl)
        else {
            throw AdapterError("conflist name \"\(printable(name))\" must be a plain file name inside \(confDir)")
        }
        guard [".conflist", ".conf", ".json"].contains(where: { name.hasSuffix($0) }) else {
            throw AdapterError("conflist name \"\(printable(name))\" must end in .conflist, .conf or .json")
        }
        let stem = String(name[..<(name.lastIndex(of: ".") ?? name.endIndex)])
        _ = try networkName(stem)
        return (confDir.hasSuffix("/") ? String(confDir.dropLast()) : confDir) + "/" + name
    }

    /// A CNI plugin `type`: the file name of a binary looked up in the CNI path, so one plain
    /// name of `[a-zA-Z0-9_.-]` not starting with `.` (no path, no traversal, no hidden files).
    /// - Throws: `AdapterError` naming the value.
    public static func pluginType(_ type: String) throws -> String {
        guard !type.isEmpty, type.utf8.count <= maxNameBytes, type.utf8.first != UInt8(ascii: "."),
            type.utf8.allSatisfy(isNameByte)
        else {
            throw AdapterError("plugin type \"\(printable(type))\" must be a file name of [a-zA-Z0-9_.-] not starting with '.'")
        }
        return type
    }

    /// A Linux interface name: 1 to 15 bytes (IFNAMSIZ - 1), not `.` or `..`, and only
    /// `[a-zA-Z0-9_.-]` (the kernel also refuses `/`, `:` and whitespace; the rest keeps names
    /// safe in logs, sysfs paths and `ip` output).
    /// - Throws: `AdapterError` naming the value.
    public static func interfaceName(_ name: String) throws -> String {
        guard !name.isEmpty, name.utf8.count <= 15 else {
            throw AdapterError("interface name \"\(printable(name))\" must be 1 to 15 bytes")
        }
        guard name != ".", name != "..", name.utf8.allSatisfy(isNameByte) else {
            throw AdapterError("interface name \"\(printable(name))\" may only contain [a-zA-Z0-9_.-] and must not be . or ..")
        }
        return name
    }

    /// An MTU option value: a decimal number from 68 (the IPv4 minimum, RFC 791) to 65535.
    /// - Throws: `AdapterError` naming the option and value.
    public static func mtu(_ value: String, option: String = "com.docker.network.driver.mtu") throws -> Int {
        guard value.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let mtu = Int(value), (68...65535).contains(mtu) else {
            throw AdapterError("invalid option \(option)=\(printable(value)): MTU must be a number from 68 to 65535")
        }
        return mtu
    }

    /// A boolean option value as Go's `strconv.ParseBool` reads it (what Docker's own drivers
    /// accept): 1, t, T, TRUE, true, True, 0, f, F, FALSE, false, False.
    /// - Throws: `AdapterError` naming the option and value.
    public static func boolean(_ value: String, option: String) throws -> Bool {
        switch value {
        case "1", "t", "T", "TRUE", "true", "True": return true
        case "0", "f", "F", "FALSE", "false", "False": return false
        default: throw AdapterError("invalid option \(option)=\(printable(value)): must be true or false")
        }
    }

    /// A subnet in CIDR notation whose address has no bits set past the prefix
    /// (`10.1.0.0/16`, not `10.1.2.3/16`), IPv4 or IPv6.
    /// - Throws: `AdapterError` naming the option and value.
    public static func cidr(_ value: String, option: String) throws -> IPPrefix {
        guard value.contains("/"), let prefix = IPPrefix(value) else {
            throw AdapterError("invalid option \(option)=\(printable(value)): not a CIDR subnet such as 10.1.0.0/16")
        }
        guard prefix.network == prefix.address else {
            throw AdapterError("invalid option \(option)=\(printable(value)): host bits are set past /\(prefix.length)")
        }
        return prefix
    }

    /// An option key as it may appear in a message or a file: printable ASCII, no spaces,
    /// 1 to 256 bytes.
    /// - Throws: `AdapterError` naming the key.
    public static func optionKey(_ key: String) throws -> String {
        guard !key.isEmpty, key.utf8.count <= 256, key.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw AdapterError("option key \"\(printable(key))\" must be 1 to 256 printable ASCII characters without spaces")
        }
        return key
    }

    /// A value that will be placed in CNI_ARGS (`K=V;K=V`, no escaping): no `;`, `=` or control
    /// characters, or it would add or change arguments the plugin sees.
    /// - Throws: `AdapterError` naming the key.
    public static func cniArgsValue(_ value: String, key: String) throws -> String {
        guard !value.unicodeScalars.contains(where: { $0 == ";" || $0 == "=" || isControl($0) }) else {
            throw AdapterError("value for CNI_ARGS \(key) \"\(printable(value))\" must not contain ';', '=' or control characters")
        }
        return value
    }

    // MARK: - Helpers

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || scalar.value == 0x7F
    }

    /// The value for an error message: control characters escaped, at most 64 characters.
    static func printable(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars.prefix(64) {
            if isControl(scalar) {
                out += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return text.unicodeScalars.count > 64 ? out + "…" : out
    }
}
