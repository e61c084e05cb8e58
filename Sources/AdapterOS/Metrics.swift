// Counters and latency histograms, rendered in Prometheus' text format (exposition 0.0.4).

/// Thread-safe metrics registry for the daemon.
public final class Metrics: @unchecked Sendable {
    /// Histogram bucket upper bounds in seconds: 100 µs … 30 s, covering a socket round trip
    /// and a slow CNI plugin alike.
    public static let buckets: [Double] = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]

    private struct Key: Hashable, Comparable {
        var name: String
        var labels: [String]  // "k=\"v\"" pairs, in the caller's order

        static func < (a: Key, b: Key) -> Bool { (a.name, a.labels.joined()) < (b.name, b.labels.joined()) }
    }

    private struct Histogram {
        var counts: [UInt64] = Array(repeating: 0, count: Metrics.buckets.count)
        var sum: Double = 0
        var count: UInt64 = 0
    }

    private let lock = Lock()
    private var counters: [Key: UInt64] = [:]
    private var histograms: [Key: Histogram] = [:]
    private var help: [String: String] = [:]

    public init() {}

    /// Adds 1 to counter `name` with `labels`.
    public func increment(_ name: String, _ labels: [(String, String)], help text: String) {
        let key = Key(name: name, labels: Self.format(labels))
        lock.withLock {
            counters[key, default: 0] += 1
            help[name] = text
        }
    }

    /// Records one observation (seconds) in histogram `name` with `labels`.
    public func observe(_ name: String, _ labels: [(String, String)], seconds: Double, help text: String) {
        let key = Key(name: name, labels: Self.format(labels))
        lock.withLock {
            var h = histograms[key] ?? Histogram()
            for (i, bound) in Self.buckets.enumerated() where seconds <= bound { h.counts[i] += 1 }
            h.sum += seconds
            h.count += 1
            histograms[key] = h
            help[name] = text
        }
    }

    /// The whole registry in Prometheus text format.
    public func render() -> String {
        lock.withLock {
            var out = ""
            var described: Set<String> = []
            func header(_ name: String, _ type: String) {
                guard described.insert(name).inserted else { return }
                out += "# HELP \(name) \(help[name] ?? name)\n# TYPE \(name) \(type)\n"
            }
            for (key, value) in counters.sorted(by: { $0.key < $1.key }) {
                header(key.name, "counter")
                out += "\(key.name)\(Self.braces(key.labels)) \(value)\n"
            }
            for (key, h) in histograms.sorted(by: { $0.key < $1.key }) {
                header(key.name, "histogram")
                for (i, bound) in Self.buckets.enumerated() {
                    out += "\(key.name)_bucket\(Self.braces(key.labels + ["le=\"\(bound)\""])) \(h.counts[i])\n"
                }
                out += "\(key.name)_bucket\(Self.braces(key.labels + ["le=\"+Inf\""])) \(h.count)\n"
                out += "\(key.name)_sum\(Self.braces(key.labels)) \(h.sum)\n"
                out += "\(key.name)_count\(Self.braces(key.labels)) \(h.count)\n"
            }
            return out
        }
    }

    private static func format(_ labels: [(String, String)]) -> [String] {
        labels.map { key, value in
            let escaped = value.replacingAll("\\", "\\\\").replacingAll("\"", "\\\"").replacingAll("\n", "\\n")
            return "\(key)=\"\(escaped)\""
        }
    }

    private static func braces(_ labels: [String]) -> String {
        labels.isEmpty ? "" : "{" + labels.joined(separator: ",") + "}"
    }
}

extension String {
    /// Every `target` replaced by `replacement` (no Foundation).
    func replacingAll(_ target: String, _ replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var out = ""
        var rest = self[...]
        while let range = rest.firstRange(of: target) {
            out += rest[..<range.lowerBound]
            out += replacement
            rest = rest[range.upperBound...]
        }
        return out + rest
    }
}
