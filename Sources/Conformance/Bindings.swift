// Placeholder values of one run: fresh IDs, and pools and addresses the plugin handed out.

/// The values `{{placeholder}}`s stand for during one run.
struct Bindings {
    private(set) var values: [String: String] = [:]

    /// Sets `name` (and `name.ip`, the address without its length, for addresses).
    mutating func bind(_ name: String, _ value: String) {
        values[name] = value
        if name.hasPrefix("addr"), let slash = value.firstIndex(of: "/") {
            values[name + ".ip"] = String(value[..<slash])
        }
    }

    /// `body` with every placeholder replaced, or the first placeholder that has no value.
    ///
    /// Network and endpoint IDs get fresh random 64-hex values the first time they appear, as
    /// Docker makes them; pools and addresses only come from the plugin's answers.
    mutating func substitute(_ body: String) -> Result<String, UnboundPlaceholder> {
        var out = ""
        var rest = body[...]
        while let open = rest.find("{{") {
            out += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].find("}}") else { break }
            let name = String(rest[open.upperBound..<close.lowerBound])
            if values[name] == nil, name.hasPrefix("net") || name.hasPrefix("ep") {
                values[name] = Self.randomID()
            }
            guard let value = values[name] else { return .failure(UnboundPlaceholder(name: name)) }
            out += jsonEscaped(value)
            rest = rest[close.upperBound...]
        }
        out += rest
        return .success(out)
    }

    /// 64 random hex digits, like Docker's network and endpoint IDs.
    static func randomID() -> String {
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255) }
        return bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}

/// A placeholder whose value would have come from an answer that failed.
struct UnboundPlaceholder: Error {
    var name: String
}

extension Substring {
    func find(_ needle: String) -> Range<Substring.Index>? {
        let n = Array(needle.utf8)
        var i = startIndex
        while i < endIndex {
            if self[i...].utf8.starts(with: n) {
                return i..<index(i, offsetBy: needle.count)
            }
            i = index(after: i)
        }
        return nil
    }
}
