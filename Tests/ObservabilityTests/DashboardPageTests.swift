import Foundation
import Observability
import Testing
import TradingSession

@testable import TraderRuntime

/// The dashboard of a running demo in a real headless Chromium, read through the DOM: P&L, a
/// position and an order appear, and the page updates itself (Server-Sent Events) without
/// reloading while the demo runs. A screenshot is kept for a person to look at.
@Suite(.serialized)
struct DashboardPageTests {
    /// What the test reads off the page in one evaluation.
    /// Null until the page's elements exist (the first reads can land on about:blank).
    static let probe = """
        (() => { try { return JSON.stringify({
          pnl: document.getElementById("pnl").textContent,
          equity: document.getElementById("equity").textContent,
          positions: document.querySelectorAll("#positions tr").length,
          positionsText: document.getElementById("positions").textContent,
          orders: document.querySelectorAll("#orders tr").length,
          ordersText: document.getElementById("orders").textContent,
          version: Number(document.body.dataset.version),
          updates: Number(document.body.dataset.updates),
          clock: document.getElementById("clock").textContent,
          stream: document.getElementById("stream").textContent,
          sameDocument: window.__sameDocument === "yes",
          external: [...document.querySelectorAll("[src],[href]")].map((e) => e.getAttribute("src") || e.getAttribute("href")).filter((u) => /^(https?:)?\\/\\//.test(u)).length
        }) } catch (error) { return null } })()
        """

    struct Seen: Decodable, Equatable {
        var pnl: String
        var equity: String
        var positions: Int
        var positionsText: String
        var orders: Int
        var ordersText: String
        var version: Int
        var updates: Int
        var clock: String
        var stream: String
        var sameDocument: Bool
        var external: Int
    }

    @Test(.enabled(if: ChromiumDevTools.executable != nil, "no Chromium installed (apt-get install chromium)"), .timeLimit(.minutes(8)))
    func theLivePageShowsPnLPositionsAndOrdersAndUpdatesItself() async throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("dashboard-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        var options = DemoOptions()
        options.logsDirectory = scratch.appendingPathComponent("logs").path
        options.runtimeSeconds = 600
        options.clockStartPatienceSeconds = 240  // as DemoSessionTests: the hour waits for the volatility
        options.observability = ObservabilityOptions(dashboard: ListenAddress(host: "127.0.0.1", port: 0))
        let (started, startedSink) = AsyncStream<ObservabilityServers>.makeStream()
        options.onObserving = { servers in
            startedSink.yield(servers)
            startedSink.finish()
        }
        let configuration = DemoMetricsTests.demoConfiguration()
        let demo = Task { try await DemoSession.run(configuration: configuration, options: options, console: ConsoleReporter()) }
        var iterator = started.makeAsyncIterator()
        let servers = try #require(await iterator.next())
        let url = try #require(servers.dashboard).url + "/"

        let browser = try ChromiumDevTools(profile: scratch.appendingPathComponent("profile"), log: scratch.appendingPathComponent("chromium.log"))
        let page = try await browser.open(url)
        func read() async throws -> Seen? {
            guard let json = try await browser.evaluate(Self.probe, session: page) as? String else { return nil }
            return try JSONDecoder().decode(Seen.self, from: Data(json.utf8))
        }
        // The page has loaded its script once the stream pill says something.
        _ = try await LoopbackHTTP.waitFor("the page's script") { try await read().flatMap { $0.version >= 0 ? $0 : nil } }
        _ = try await browser.evaluate(#"window.__sameDocument = "yes"; true"#, session: page)

        let first = try await LoopbackHTTP.waitFor("P&L, a position and an order on the page") { () -> Seen? in
            guard let seen = try await read() else { return nil }
            return seen.positions > 0 && seen.orders > 0 && seen.pnl != "–" ? seen : nil
        }
        #expect(first.stream == "live")
        #expect(Double(first.pnl) != nil, "P&L is not a number: \(first.pnl)")
        #expect(first.positionsText.contains("KX"), "no market in the positions table: \(first.positionsText)")
        let shot = scratch.appendingPathComponent("dashboard.png")
        try await browser.screenshot(session: page).write(to: shot)

        // Updated in place: a later state, the same document, new session time and new figures.
        let later = try await LoopbackHTTP.waitFor("the page to update itself") { () -> Seen? in
            guard let seen = try await read() else { return nil }
            let moved = seen.pnl != first.pnl || seen.positionsText != first.positionsText || seen.ordersText != first.ordersText
            return seen.version > first.version && seen.updates > first.updates && seen.clock != first.clock && moved ? seen : nil
        }
        #expect(later.sameDocument, "the page reloaded instead of updating")
        #expect(later.external == 0, "the page loads something from outside")
        let png = try Data(contentsOf: shot)
        #expect(png.count > 10_000 && png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "the screenshot is not a PNG")
        let problems = browser.events.filter { $0.hasPrefix("Runtime.exceptionThrown") || ($0.hasPrefix("Log.entryAdded") && $0.contains("error")) }
        #expect(problems.isEmpty, "the page reported: \(problems)")
        await browser.close()
        _ = try await demo.value
        print("dashboard screenshot: \(shot.path)")
    }
}
