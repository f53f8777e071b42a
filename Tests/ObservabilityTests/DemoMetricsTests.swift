import Foundation
import KalshiCore
import Observability
import Testing
import TradingSession

@testable import TraderRuntime

/// The offline demo with `--metrics`, `--dashboard` and `--dashboard-control`: what /metrics
/// says is what the session's own logs say, and the dashboard's kill switch stops trading.
@Suite(.serialized)
struct DemoMetricsTests {
    static func demoConfiguration() -> TradingConfiguration {
        var configuration = TradingConfiguration()
        // As DemoSessionTests: the hour in a minute, staleness in scenario time with slack.
        configuration.speed = 60
        configuration.risk.minimumEdge = Money(cents: 1)
        configuration.risk.maximumOrderbookStaleness = 600
        return configuration
    }

    @Test(.timeLimit(.minutes(8)))
    func metricsEqualTheLogsAndTheDashboardKillSwitchStopsTrading() async throws {
        let logs = FileManager.default.temporaryDirectory.appendingPathComponent("observability-\(UUID().uuidString)")
        var options = DemoOptions()
        options.logsDirectory = logs.path
        options.runtimeSeconds = 600
        options.clockStartPatienceSeconds = 240  // as DemoSessionTests: the hour waits for the volatility
        options.observability = ObservabilityOptions(
            metrics: ListenAddress(host: "127.0.0.1", port: 0), dashboard: ListenAddress(host: "127.0.0.1", port: 0),
            dashboardControl: true)
        let (started, startedSink) = AsyncStream<ObservabilityServers>.makeStream()
        options.onObserving = { servers in
            startedSink.yield(servers)
            startedSink.finish()
        }
        let configuration = Self.demoConfiguration()
        let demo = Task { try await DemoSession.run(configuration: configuration, options: options, console: ConsoleReporter()) }
        var iterator = started.makeAsyncIterator()
        let servers = try #require(await iterator.next())
        let metricsURL = try #require(servers.metrics).url + "/metrics"
        let dashboardURL = try #require(servers.dashboard).url
        let token = try #require(servers.control).token

        // Scraped over HTTP while the demo runs, and read as strictly as Prometheus reads it.
        let firstFill = try await LoopbackHTTP.waitFor("a fill in /metrics") { () -> PrometheusText? in
            let (status, body) = try await LoopbackHTTP.request(.GET, metricsURL)
            #expect(status == 200)
            let text = try PrometheusText(body)
            return text.total("kalshi_fills_total") > 0 ? text : nil
        }
        #expect(firstFill.types["kalshi_fills_total"] == "counter")
        #expect(firstFill.types["kalshi_cash_dollars"] == "gauge")
        #expect(firstFill.total("kalshi_ws_frames_received_total", where: ["channel": "orderbook_delta"]) > 0)
        for sample in firstFill.samples { #expect(sample.name.hasPrefix("kalshi_"), "\(sample.name) is not kalshi_…") }

        // The kill switch: refused without the token, taken with it.
        let refused = try await LoopbackHTTP.request(.POST, dashboardURL + "/api/kill", headers: [("X-Dashboard-Token", "not-the-token")])
        #expect(refused.status == 403)
        let accepted = try await LoopbackHTTP.request(.POST, dashboardURL + "/api/kill", headers: [("X-Dashboard-Token", token)])
        #expect(accepted.status == 200)
        _ = try await LoopbackHTTP.waitFor("the kill switch in /api/state") { () -> Bool? in
            let (_, body) = try await LoopbackHTTP.request(.GET, dashboardURL + "/api/state")
            let state = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
            return ((state?["risk"] as? [String: Any])?["kill_switch"] as? Bool) == true ? true : nil
        }

        let summary = try await demo.value
        let directory = logs.appendingPathComponent(summary.sessionId)
        let final = try PrometheusText(try #require(servers.observer.metrics).registry.text())
        func lines(_ name: String) throws -> [[String: Any]] {
            try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8).split(separator: "\n").map {
                try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
            }
        }
        let orders = try lines("orders.jsonl")
        let fills = try lines("fills.jsonl")
        let states = try lines("state.jsonl")
        let decisions = try lines("decisions.jsonl")
        func orderEvents(_ event: String) -> Double { Double(orders.filter { $0["event"] as? String == event }.count) }

        #expect(final.total("kalshi_orders_sent_total") == orderEvents("sent"))
        #expect(final.total("kalshi_orders_acknowledged_total") == orderEvents("accepted"))
        #expect(final.total("kalshi_risk_refusals_total") == orderEvents("rejected_by_risk"))
        #expect(final.total("kalshi_fills_total") == Double(fills.count))
        #expect(final.total("kalshi_valuations_total") == Double(decisions.count))
        var contracts = Quantity.zero
        var fees = Money.zero
        for fill in fills {
            contracts = contracts + (try Quantity(parsing: fill["count"] as! String))
            fees = fees + (try Money(parsing: fill["fee"] as! String))
        }
        #expect(abs(final.total("kalshi_fill_contracts_total") - Double(contracts.units) / 100) < 1e-6)
        #expect(abs(final.total("kalshi_fees_dollars_total") - Double(fees.micros) / 1e6) < 1e-6)
        for kind in Set(states.compactMap { $0["kind"] as? String }) {
            let logged = Double(states.filter { $0["kind"] as? String == kind }.count)
            #expect(final.total("kalshi_state_events_total", where: ["kind": kind]) == logged, "state kind \(kind)")
        }
        #expect(abs(final.total("kalshi_cash_dollars") - Double(summary.finalBalance.micros) / 1e6) < 1e-6)
        #expect(final.total("kalshi_kill_switch_engaged") == 1)
        #expect(final.total("kalshi_ws_frames_malformed_total") == 0)

        // Nothing was sent after the kill switch: its note comes before no `sent` order.
        let killTime = try #require(states.first { $0["kind"] as? String == "kill_switch" }?["time"] as? String)
        #expect(!orders.contains { $0["event"] as? String == "sent" && ($0["time"] as? String ?? "") > killTime })
        try? FileManager.default.removeItem(at: logs)
    }
}
