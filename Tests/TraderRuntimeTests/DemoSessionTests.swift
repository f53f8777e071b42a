import Foundation
import KalshiCore
import Testing

@testable import TraderRuntime

/// The offline demo end to end: fake venues on loopback, the real clients, the engine and the
/// strategy, simulated execution, through settlement.
@Suite(.serialized)
struct DemoSessionTests {
    @Test func offlineDemoTradesAndSettlesWithConsistentAccounts() async throws {
        var configuration = TradingConfiguration()
        // The hour in a minute: the scenario clock runs on wall time whatever the process gets
        // done, and the suite's CPU-heavy tests beside this one can hold the cooperative pool
        // for seconds at a time (at 120× a CI run once valued nothing all hour).
        configuration.speed = 60
        configuration.risk.minimumEdge = Money(cents: 1)
        // Staleness is scenario time: at 60× the default 10 s is 167 ms of wall time, which a
        // loaded machine cannot promise between two updates (every order was refused as stale
        // once, in CI). Ten scenario minutes are 10 s of wall time.
        configuration.risk.maximumOrderbookStaleness = 600
        let logs = FileManager.default.temporaryDirectory.appendingPathComponent("demo-test-\(UUID().uuidString)")
        var options = DemoOptions()
        options.logsDirectory = logs.path
        // A bound against hanging, not the expected length: the session ends at settlement, and
        // on a loaded machine the clients take minutes to work through the hour.
        options.runtimeSeconds = 600
        // The hour waits for the volatility and the books however long a loaded machine takes to
        // bring them (the default 20 s once passed with neither, and nothing could be valued).
        options.clockStartPatienceSeconds = 240
        let summary = try await DemoSession.run(configuration: configuration, options: options, console: ConsoleReporter())
        let directory = logs.appendingPathComponent(summary.sessionId)

        // Every market of both events settled, so no position is left open.
        #expect(summary.settlements.count == 25)
        #expect(summary.positions.isEmpty)

        // The files agree with the summary and with each other.
        func lines(_ name: String) throws -> [[String: Any]] {
            try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8).split(separator: "\n").map {
                try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
            }
        }
        let fills = try lines("fills.jsonl")
        let decisions = try lines("decisions.jsonl")
        #expect(fills.count == summary.trades)
        // What the decisions lacked, in the message: CI removes the logs kept below.
        let actions = Dictionary(grouping: decisions) { $0["action"] as? String ?? "?" }.mapValues(\.count)
        let withVolatility = decisions.filter { $0["vol"] is NSNumber }.count
        let beforeClose = decisions.filter { ($0["time_to_close"] as? NSNumber)?.doubleValue ?? 0 > 0 }.count
        #expect(
            decisions.contains { $0["fair"] is NSNumber },
            """
            the strategy never valued a market (no spot or volatility): \(decisions.count) decisions, \(withVolatility) with a \
            volatility, \(beforeClose) before the close, actions \(actions)
            """)
        #expect(summary.trades > 0, "the demo did not trade")
        var fees = Money.zero
        for fill in fills {
            fees = fees + (try Money(parsing: fill["fee"] as! String))
            #expect(["bid", "ask"].contains(fill["side"] as! String))
            _ = try Price(parsing: fill["price"] as! String)
            _ = try Quantity(parsing: fill["count"] as! String)
        }
        #expect(fees == summary.fees)
        let saved = try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("summary.json"))) as! [String: Any]
        #expect(saved["final_balance"] as? String == summary.finalBalance.description)
        #expect(saved["starting_balance"] as? String == "1000.0000")
        for key in ["fees", "realized_pnl", "positions", "settlements"] { #expect(saved[key] != nil, "summary.json lacks \(key)") }
        // Everything settled: realized P&L − fees is the whole change of balance.
        #expect(summary.finalBalance - summary.startingBalance == summary.realizedPnL - summary.fees)
        // Kept when the demo did not trade or settle, to find out why (its decisions and signal log).
        if summary.settlements.count == 25 && summary.trades > 0 { try? FileManager.default.removeItem(at: logs) }
    }
}
