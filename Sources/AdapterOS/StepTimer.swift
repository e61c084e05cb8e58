// Durations of the steps of one operation, for a single debug log line.

/// Records how long each named step took; `fields` renders them as `step_ms` log fields.
public struct StepTimer {
    private var last = monotonicSeconds()
    private var steps: [(String, Double)] = []

    public init() {}

    /// Ends the current step, naming it.
    public mutating func mark(_ step: String) {
        let now = monotonicSeconds()
        steps.append((step, now - last))
        last = now
    }

    /// `("<step>_ms", "1.234")` per step, in order.
    public var fields: [(String, String)] {
        steps.map { name, seconds in
            let micros = Int((seconds * 1_000_000).rounded())
            let frac = String(micros % 1000)
            return ("\(name)_ms", "\(micros / 1000).\(String(repeating: "0", count: 3 - frac.count))\(frac)")
        }
    }
}
