import Foundation
import KalshiAPI
import KalshiClient
import KalshiCore
import Logging
import Testing
import TradingEngine
import TradingSession

@testable import Observability

struct ListenAddressTests {
    @Test(arguments: [
        ("127.0.0.1:9090", "127.0.0.1", 9090, true),
        (":9090", "127.0.0.1", 9090, true),
        ("[::1]:8090", "::1", 8090, true),
        ("localhost:0", "localhost", 0, true),
        ("0.0.0.0:9090", "0.0.0.0", 9090, false),
        ("10.1.2.3:65535", "10.1.2.3", 65_535, false),
    ])
    func parses(text: String, host: String, port: Int, loopback: Bool) throws {
        let address = try ListenAddress(parsing: text, flag: "--metrics")
        #expect(address.host == host)
        #expect(address.port == port)
        #expect(address.isLoopback == loopback)
    }

    @Test(arguments: ["9090", "127.0.0.1:", "127.0.0.1:65536", "127.0.0.1:-1", "127.0.0.1:http", "a/b:90", ""])
    func refusesWithTheFlagAndTheValue(text: String) {
        #expect {
            try ListenAddress(parsing: text, flag: "--dashboard")
        } throws: { error in
            let message = (error as? ObservabilityError)?.description ?? ""
            return message.hasPrefix("--dashboard '\(text)'")
        }
    }

    @Test func theKillSwitchControlIsOfferedOnLoopbackOnly() throws {
        var options = ObservabilityOptions(dashboard: ListenAddress(host: "0.0.0.0", port: 8090), dashboardControl: true)
        #expect(throws: ObservabilityError.controlNotOnLoopback("0.0.0.0:8090")) { try options.validate() }
        options.dashboard = ListenAddress(host: "127.0.0.1", port: 8090)
        try options.validate()
        options.dashboard = nil
        #expect(throws: ObservabilityError.self) { try options.validate() }
    }

    @Test func theControlTokenIsRandomAndComparedWhole() {
        let control = DashboardControl(kill: {})
        #expect(control.token.count == 32)
        #expect(control.token != DashboardControl(kill: {}).token)
        #expect(control.accepts(control.token))
        #expect(!control.accepts(String(control.token.dropLast())))
        #expect(!control.accepts(String(control.token.dropLast()) + "x"))
        #expect(!control.accepts(""))
    }
}

struct MetricLabelTests {
    @Test(arguments: [
        ("GET", "/markets/KXBTCD-26DEC0411-T95000", "GET /markets/{id}"),
        ("DELETE", "/portfolio/orders/3f1c2a9e-0b1d-4c55-9a57-8d1e3c0b2a11", "DELETE /portfolio/orders/{id}"),
        ("POST", "/portfolio/order_groups/create", "POST /portfolio/order_groups/create"),
        ("GET", "/trade-api/v2/markets?limit=1", "GET /trade-api/v2/markets"),
        ("GET", "/portfolio/balance", "GET /portfolio/balance"),
    ])
    func restOperationsKeepTheShapeAndDropTheValues(method: String, path: String, operation: String) {
        #expect(RESTRequestTiming(method: method, path: path, elapsed: .zero, status: 200).operation == operation)
    }

    @Test func labelsHaveABoundedSetOfValues() {
        #expect(MetricLabels.riskRule("max_inventory") == "max_inventory")
        #expect(MetricLabels.riskRule("reject(max_inventory_dev)") == "max_inventory_dev")
        #expect(MetricLabels.riskRule("something new") == "other")
        #expect(MetricLabels.rejection("insufficient_balance: need 3.00") == "insufficient_balance")
        #expect(MetricLabels.rejection("Market closed at 12:00") == "other")
        #expect(MetricLabels.channel(ofFrame: #"{"type":"orderbook_delta","sid":1,"msg":{"#) == "orderbook_delta")
        #expect(MetricLabels.channel(ofFrame: #"{"type":"made_up_\#(UUID().uuidString)"}"#) == "unknown")
        #expect(MetricLabels.channel(ofFrame: "not json") == "unknown")
        #expect(MetricLabels.stateKind("kill_switch") == "kill_switch")
        #expect(MetricLabels.stateKind("x\(UUID().uuidString)") == "other")
    }
}

struct TradingMetricsTests {
    static func order(_ event: String, reason: String? = nil) throws -> EngineRecord {
        .order(
            OrderRecord(
                timeMs: 1, clientOrderId: "c1", ticker: "KX-1", side: .bid, price: try Price(ticks: 4_000), count: Quantity(contracts: 5),
                event: event, reason: reason))
    }

    @Test func recordsBecomeCountersByEventAndRule() throws {
        let metrics = TradingMetrics()
        metrics.observe([
            try Self.order("sent"), try Self.order("accepted"), try Self.order("sent"),
            try Self.order("rejected", reason: "insufficient_balance"), try Self.order("rejected_by_risk", reason: "max_inventory"),
            try Self.order("rejected_by_risk", reason: "reject(kill_switch)"),
            .fill(
                FillRecord(
                    timeMs: 2, clientOrderId: "c1", ticker: "KX-1", side: .bid, price: try Price(ticks: 4_000), count: Quantity(contracts: 5),
                    fee: Money(micros: 70_000), isTaker: true, position: Quantity(contracts: 5))),
            .state(StateRecord(timeMs: 3, kind: "reconciliation", ticker: "KX-1", detail: "fill added")),
        ])
        let text = metrics.registry.text()
        #expect(text.contains("kalshi_orders_sent_total 2"))
        #expect(text.contains("kalshi_orders_acknowledged_total 1"))
        #expect(text.contains(#"kalshi_orders_rejected_total{reason="insufficient_balance"} 1"#))
        #expect(text.contains(#"kalshi_risk_refusals_total{rule="max_inventory"} 1"#))
        #expect(text.contains(#"kalshi_risk_refusals_total{rule="kill_switch"} 1"#))
        #expect(text.contains(#"kalshi_fills_total{liquidity="taker"} 1"#))
        #expect(text.contains("kalshi_fill_contracts_total 5.0"))
        #expect(text.contains("kalshi_fees_dollars_total 0.07"))
        #expect(text.contains("kalshi_reconciliation_corrections_total 1"))
    }

    @Test func requestsOverTheOrderConnectionAreCountedApart() {
        let metrics = TradingMetrics()
        let create = "POST /portfolio/events/orders"
        metrics.restRequest(create, nanoseconds: 1_000, status: 201)
        metrics.restRequest(create, nanoseconds: 1_000, status: 201, overOrderConnection: true)
        metrics.restRequest(create, nanoseconds: 1_000, status: nil, overOrderConnection: true)
        let text = metrics.registry.text()
        // Every request still counts among all requests of its operation.
        let okCreates = text.split(separator: "\n").filter {
            $0.hasPrefix("kalshi_rest_requests_total{") && $0.contains(#"outcome="ok""#) && $0.contains(create)
        }
        #expect(okCreates.map { $0.split(separator: " ").last } == ["2"], "\(text)")
        #expect(text.contains(#"kalshi_order_connection_requests_total{outcome="ok"} 1"#))
        #expect(text.contains(#"kalshi_order_connection_requests_total{outcome="no_answer"} 1"#))
    }

    @Test func bookCountsOnlyGrowAndANewClientStartsOver() {
        let metrics = TradingMetrics()
        var counters = BookFeedCounters()
        counters.gaps = 3
        metrics.observe(book: counters)
        counters.gaps = 5
        metrics.observe(book: counters)
        #expect(metrics.registry.text().contains("kalshi_book_sequence_gaps_total 5"))
        // A reconnected client's counts start again from zero: its 2 are new gaps.
        counters.gaps = 2
        metrics.observe(book: counters)
        #expect(metrics.registry.text().contains("kalshi_book_sequence_gaps_total 7"))
    }

    @Test func positionsAreMarkedAtTheirSideOfTheMid() {
        let mid = Money(micros: 300_000)
        #expect(Exposure.markedValue(position: Quantity(contracts: 10), mark: mid) == Money(micros: 3_000_000))
        #expect(Exposure.markedValue(position: Quantity(contracts: -10), mark: mid) == Money(micros: 7_000_000))
        #expect(Exposure.markedValue(position: Quantity(contracts: 10), mark: nil) == .zero)
        #expect(Exposure.markedValue(position: Quantity(units: .max), mark: mid) == Money(micros: .max))
    }
}

struct JSONLogTests {
    final class Lines: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: [String] = []
        func add(_ line: String) { lock.withLock { stored.append(line) } }
        var all: [String] { lock.withLock { stored } }
    }

    @Test func eachEventIsOneJSONObjectWithItsMetadata() throws {
        let lines = Lines()
        var handler = JSONLogHandler(label: "kalshi-trader", output: JSONLogOutput { lines.add($0) })
        handler.metadata["session"] = "s-1"
        let logger = Logger(label: "kalshi-trader", factory: { _ in handler })
        logger.info(
            "order \"sent\"\nnext",
            metadata: ["ticker": "KX-1", "price": "0.4000", "nested": ["a": "1", "b": ["x", "y"]], "count": .stringConvertible(5)])
        logger.debug("below the level")
        #expect(lines.all.count == 1)
        let line = try #require(lines.all.first)
        #expect(line.hasSuffix("\n") && line.dropLast().allSatisfy { $0 != "\n" })
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["level"] as? String == "info")
        #expect(object["label"] as? String == "kalshi-trader")
        #expect(object["message"] as? String == "order \"sent\"\nnext")
        #expect(object["ticker"] as? String == "KX-1")
        #expect(object["count"] as? String == "5")
        #expect(object["session"] as? String == "s-1")
        #expect((object["nested"] as? [String: Any])?["b"] as? [String] == ["x", "y"])
        #expect(RFC3339.parse(object["time"] as? String ?? "") != nil)
    }

    @Test func theConsoleSendsRecordsAsStructuredEvents() throws {
        let lines = Lines()
        let handler = JSONLogHandler(label: "kalshi-trader", output: JSONLogOutput { lines.add($0) })
        let console = ConsoleReporter(structured: Logger(label: "kalshi-trader", factory: { _ in handler }))
        console.report([try TradingMetricsTests.order("sent")])
        console.line("plain line")
        let objects = try lines.all.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        #expect(objects.count == 2)
        #expect(objects[0]["event"] as? String == "order")
        #expect(objects[0]["order_event"] as? String == "sent")
        #expect(objects[0]["client_order_id"] as? String == "c1")
        #expect(objects[1]["message"] as? String == "plain line")
    }
}
