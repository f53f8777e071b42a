import FakeVenues
import Foundation
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
import KalshiCore
import LiveTrading
import Observability
import Testing
import TradingEngine

extension LiveSerial {
    /// A live session with `--metrics`, `--dashboard` and `--dashboard-control`: REST latency,
    /// journal writes, reconciliation runs and orders show in /metrics, and the dashboard's kill
    /// switch acts as the operator's kill file does: every order canceled, trading halted.
    @Suite(.serialized) struct LiveObservabilityTests {
        @Test func metricsAndTheDashboardKillSwitchOfALiveSession() async throws {
            let harness = try await LiveHarness.start(backgroundFlow: false)
            defer { Task { await harness.stop() } }
            let ticker = await harness.thresholdMarkets()[2].ticker
            var settings = LiveHarness.Settings(journal: harness.path("journal.sqlite"), session: JournalBackends.uniqueSession())
            settings.markets = "  asset: ETH\n  ticker: \(ticker)"
            settings.staleness = "600"
            settings.maxInventory = "20"
            let configuration = try LiveConfigurationLoader.parse(harness.yaml(settings))
            var overrides = LiveOverrides()
            overrides.trapSignals = false
            let stop = LiveStopRequest()
            overrides.stopRequest = stop
            overrides.observability = ObservabilityOptions(
                metrics: ListenAddress(host: "127.0.0.1", port: 0), dashboard: ListenAddress(host: "127.0.0.1", port: 0),
                dashboardControl: true)
            let output = CollectedOutput()
            let session = Task {
                try await LiveLauncher.run(
                    strategy: LifecycleStrategy(ticker: ticker), configuration: configuration, overrides: overrides, console: output)
            }
            func announced(_ prefix: String) -> String? {
                output.all.first { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
            }
            #expect(await eventually(20) { announced("metrics: ") != nil }, "\(output.all)")
            let metricsURL = try #require(announced("metrics: "))
            let dashboardURL = try #require(announced("dashboard: "))
            let token = try #require(announced("dashboard control: kill switch enabled; token "))
            func scrape() async throws -> String { try await LiveHTTP.get(metricsURL) }
            func value(_ text: String, _ line: String) -> Double? {
                text.split(separator: "\n").first { $0.hasPrefix(line + " ") }.flatMap { Double($0.split(separator: " ").last!) }
            }

            // The bid rests: an order sent and acknowledged, with its REST call and journal writes timed.
            let resting = await eventually(20) {
                await harness.exchange.engine(ticker)?.restingOrders(owner: harness.keyId).isEmpty == false
            }
            #expect(resting, "\(output.all)")
            let metrics = try await scrape()
            #expect(value(metrics, "kalshi_orders_sent_total") == 1, "\(metrics)")
            #expect((value(metrics, #"kalshi_reconciliation_runs_total{trigger="start"}"#) ?? 0) >= 1)
            #expect((value(metrics, "kalshi_journal_write_duration_seconds_count") ?? 0) > 0)
            #expect(metrics.contains(#"kalshi_rest_request_duration_seconds_count{operation="GET /portfolio/balance"}"#))
            #expect(metrics.contains(#"kalshi_ws_frames_decoded_total{channel="orderbook_snapshot"}"#))

            // The kill switch from the page: the kill file appears, the order is canceled.
            let answer = try await LiveHTTP.post(dashboardURL + "api/kill", header: ("X-Dashboard-Token", token))
            #expect(answer == 200)
            #expect(FileManager.default.fileExists(atPath: harness.path("KILL")))
            let canceled = await eventually(20) {
                await harness.exchange.engine(ticker)?.restingOrders(owner: harness.keyId).isEmpty == true
            }
            #expect(canceled, "\(output.all)")
            #expect(await eventually(20) { (try? await scrape()).flatMap { value($0, "kalshi_kill_switch_engaged") } == 1 })
            stop.stop()
            _ = try await session.value
        }

        @Test func anAddressInUseIsRefusedBeforeAnythingReachesTheExchange() async throws {
            let harness = try await LiveHarness.start(backgroundFlow: false)
            defer { Task { await harness.stop() } }
            let taken = try await ObservabilityServers.start(
                ObservabilityOptions(metrics: ListenAddress(host: "127.0.0.1", port: 0)), model: nil)
            let port = try #require(taken.metrics).port
            let journal = harness.path("refused.sqlite")
            let configuration = try LiveConfigurationLoader.parse(harness.yaml(LiveHarness.Settings(journal: journal)))
            var overrides = LiveOverrides()
            overrides.trapSignals = false
            overrides.observability = ObservabilityOptions(metrics: ListenAddress(host: "127.0.0.1", port: port))
            await #expect {
                try await LiveLauncher.run(configuration: configuration, overrides: overrides, console: CollectedOutput())
            } throws: { error in
                (error as? ObservabilityError).map { "\($0)".hasPrefix("could not serve on 127.0.0.1:\(port)") } ?? false
            }
            // Refused before the journal was opened, so before any request.
            #expect(!FileManager.default.fileExists(atPath: journal))
            await taken.stop()
        }
    }
}

/// Plain HTTP to the session's own servers on loopback (URLSession stays off the test's path
/// to the internet: these URLs are the ones the session printed, on 127.0.0.1).
enum LiveHTTP {
    static func get(_ url: String) async throws -> String {
        precondition(url.hasPrefix("http://127.0.0.1:"))
        let (data, _) = try await URLSession.shared.data(from: URL(string: url)!)
        return String(decoding: data, as: UTF8.self)
    }

    static func post(_ url: String, header: (String, String)) async throws -> Int {
        precondition(url.hasPrefix("http://127.0.0.1:"))
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = "POST"
        request.setValue(header.1, forHTTPHeaderField: header.0)
        let (_, response) = try await URLSession.shared.data(for: request)
        return (response as? HTTPURLResponse)?.statusCode ?? 0
    }
}
