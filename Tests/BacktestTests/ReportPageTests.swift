import Foundation
import Testing
import TraderRuntime
import TradingEngine

/// The report page: self-contained (nothing to fetch), with every section the issue asks for,
/// and — when a Chromium is installed — rendered by a real headless browser without errors.
struct ReportPageTests {
    static func report() throws -> URL {
        let variants = [
            ExecutionVariant(queueModel: .conservative, entryLatencyMs: 50, acknowledgementLatencyMs: 50),
            ExecutionVariant(queueModel: .conservative, entryLatencyMs: 1_050, acknowledgementLatencyMs: 1_050),
            ExecutionVariant(queueModel: .probabilistic, entryLatencyMs: 50, acknowledgementLatencyMs: 50),
            ExecutionVariant(queueModel: .probabilistic, entryLatencyMs: 1_050, acknowledgementLatencyMs: 1_050),
        ]
        let (_, directory) = try backtest(try synthetic(events: 40_000), report: true, variants: variants)
        return directory.appendingPathComponent("report/index.html")
    }

    @Test func thePageIsSelfContainedAndHasEverySection() throws {
        let html = try String(contentsOf: try Self.report(), encoding: .utf8)
        for section in [
            "id=\"metrics\"", "id=\"pnl\"", "id=\"markets\"", "id=\"fills\"", "Brier (model)", "Brier (market mid)",
            "max drawdown", "hit rate",
        ] {
            #expect(html.contains(section), "missing \(section)")
        }
        for label in ["conservative, 50 ms", "conservative, 1050 ms", "probabilistic, 50 ms", "probabilistic, 1050 ms"] {
            #expect(html.contains(label), "missing run \(label)")
        }
        #expect(html.components(separatedBy: "<svg").count - 1 >= 3)
        // Nothing is loaded from anywhere: no external scripts, styles, images or fonts.
        for reference in ["src=", "href=", "<link", "url(", "@import"] {
            #expect(!html.contains(reference), "the page references \(reference)")
        }
        #expect(
            html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").range(
                of: "https?://", options: .regularExpression) == nil)
    }

    static let chromium: String? = {
        let names = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        for name in names {
            for folder in folders where FileManager.default.isExecutableFile(atPath: "\(folder)/\(name)") {
                return "\(folder)/\(name)"
            }
        }
        return nil
    }()

    @Test(.enabled(if: chromium != nil, "no Chromium installed (apt-get install chromium)"), .timeLimit(.minutes(2)))
    func aHeadlessChromiumRendersThePageWithoutErrors() async throws {
        let page = try Self.report()
        let directory = try Scratch.directory()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.chromium!)
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-extensions",
            "--user-data-dir=\(directory.appendingPathComponent("profile").path)", "--enable-logging=stderr", "--v=0",
            "--virtual-time-budget=5000", "--dump-dom", page.absoluteString,
        ]
        let out = directory.appendingPathComponent("dom.html")
        let err = directory.appendingPathComponent("stderr.txt")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        process.standardInput = FileHandle.nullDevice
        // Suspends instead of blocking: a blocked thread of the cooperative pool (two on this
        // machine) would stall the loopback tests running beside this one.
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            process.terminationHandler = { _ in continuation.resume() }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        let dom = try String(contentsOf: out, encoding: .utf8)
        let log = (try? String(contentsOf: err, encoding: .utf8)) ?? ""
        #expect(process.terminationStatus == 0, "chromium failed: \(log.suffix(2_000))")
        // The page's script counts the charts that have a size once laid out.
        let marker = try #require(
            dom.firstMatch(of: /data-charts="(\d+)\/(\d+)"/), "the page script did not run: \(dom.prefix(500))")
        #expect(Int(marker.1)! > 0 && marker.1 == marker.2, "charts drawn: \(marker.1) of \(marker.2)")
        #expect(dom.contains("<table class=\"metrics\">"))
        for problem in ["Uncaught", "CONSOLE", "SyntaxError", "Failed to load resource"] {
            #expect(!log.contains(problem), "chromium reported \(problem): \(log.suffix(2_000))")
        }
    }
}
