// A small logger with swift-log's call shape, writing one logfmt line per event to stderr.

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// Log severity, lowest first.
public enum LogLevel: Int, Comparable, Sendable, CaseIterable {
    case debug, info, warn, error

    /// Parses `debug|info|warn|error`.
    public init?(name: String) {
        switch name.lowercased() {
        case "debug": self = .debug
        case "info": self = .info
        case "warn", "warning": self = .warn
        case "error": self = .error
        default: return nil
        }
    }

    public var name: String {
        switch self {
        case .debug: "debug"
        case .info: "info"
        case .warn: "warn"
        case .error: "error"
        }
    }

    public static func < (a: LogLevel, b: LogLevel) -> Bool { a.rawValue < b.rawValue }
}

/// How log lines are written.
public enum LogFormat: String, Sendable {
    /// `level=info msg="…" key=value` (logfmt).
    case logfmt
    /// One JSON object per line: `{"level":"info","msg":"…","key":"value"}`.
    case json
}

/// Writes one line per event to stderr, as logfmt or JSON; thread-safe (one `write` per line).
public struct Logger: Sendable {
    /// Events below this level are dropped.
    public var level: LogLevel
    /// Line format.
    public var format: LogFormat = .logfmt
    /// Metadata added to every line, e.g. `["component": "cni"]`.
    public var metadata: [(String, String)] = []

    public init(level: LogLevel = .info) { self.level = level }

    /// A copy of this logger with `key=value` appended to every line.
    public func with(_ key: String, _ value: String) -> Logger {
        var copy = self
        copy.metadata.append((key, value))
        return copy
    }

    public func debug(_ message: @autoclosure () -> String, _ metadata: [(String, String)] = []) {
        log(.debug, message(), metadata)
    }
    public func info(_ message: @autoclosure () -> String, _ metadata: [(String, String)] = []) {
        log(.info, message(), metadata)
    }
    public func warn(_ message: @autoclosure () -> String, _ metadata: [(String, String)] = []) {
        log(.warn, message(), metadata)
    }
    public func error(_ message: @autoclosure () -> String, _ metadata: [(String, String)] = []) {
        log(.error, message(), metadata)
    }

    /// Formats and writes one line if `level` is enabled.
    public func log(_ level: LogLevel, _ message: @autoclosure () -> String, _ extra: [(String, String)] = []) {
        guard level >= self.level else { return }
        var line: String
        switch format {
        case .logfmt:
            line = "level=\(level.name) msg=\(Logger.quote(message()))"
            for (key, value) in metadata + extra {
                line += " \(key)=\(Logger.quote(value))"
            }
        case .json:
            line = "{\"level\":\(Logger.jsonString(level.name)),\"msg\":\(Logger.jsonString(message()))"
            for (key, value) in metadata + extra {
                line += ",\(Logger.jsonString(key)):\(Logger.jsonString(value))"
            }
            line += "}"
        }
        line += "\n"
        var bytes = Array(line.utf8)
        bytes.withUnsafeMutableBytes { buffer in
            _ = Glibc.write(2, buffer.baseAddress, buffer.count)
        }
    }

    /// A JSON string literal (RFC 8259 §7 escaping).
    static func jsonString(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// Quotes a logfmt value when it holds spaces, quotes or `=`.
    static func quote(_ value: String) -> String {
        let needsQuotes = value.isEmpty || value.contains { $0 == " " || $0 == "\"" || $0 == "=" || $0 == "\n" }
        guard needsQuotes else { return value }
        var out = "\""
        for ch in value {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.append(ch)
            }
        }
        return out + "\""
    }
}
