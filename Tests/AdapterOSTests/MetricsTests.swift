import Testing

@testable import AdapterOS

@Suite struct MetricsTests {
    @Test func countersAndHistogramsRenderInPrometheusFormat() {
        let metrics = Metrics()
        metrics.increment("x_total", [("call", "A\"b")], help: "Calls.")
        metrics.increment("x_total", [("call", "A\"b")], help: "Calls.")
        metrics.observe("d_seconds", [("call", "A")], seconds: 0.003, help: "Durations.")
        let text = metrics.render()
        #expect(text.contains("# TYPE x_total counter\nx_total{call=\"A\\\"b\"} 2\n"))
        #expect(text.contains("d_seconds_bucket{call=\"A\",le=\"0.0025\"} 0\n"))
        #expect(text.contains("d_seconds_bucket{call=\"A\",le=\"0.005\"} 1\n"))
        #expect(text.contains("d_seconds_bucket{call=\"A\",le=\"+Inf\"} 1\n"))
        #expect(text.contains("d_seconds_count{call=\"A\"} 1\n"))
    }

    @Test func jsonLogEscaping() {
        #expect(Logger.jsonString("a\"b\\c\n\u{1}") == #""a\"b\\c\n\u0001""#)
    }
}
