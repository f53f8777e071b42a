import Foundation
import Testing

/// `convert` on inputs that are not what they should be, and numbers that start with a minus.
@Suite(.enabled(if: CLIRunner.isAvailable, "the kalshi-trader executable is not built"))
struct ConvertInputTests {
    static let trade =
        #"{"type":"trade","sid":2,"seq":10,"msg":{"trade_id":"t1","market_ticker":"KXBTCD-26FEB1217-T67749.99","yes_price_dollars":"0.5700","count_fp":"90.00","taker_side":"no","ts":1770897984}}"#
    static let ticker =
        #"{"type":"ticker","sid":1,"msg":{"market_ticker":"KXBTCD-26FEB1217-T67749.99","price_dollars":"0.5700","yes_bid_dollars":"0.5600","yes_ask_dollars":"0.5800","ts":1770897976}}"#

    @Test func bareFramesTakeTheirOwnTimestamp() async throws {
        let input = try CLIRunner.temporaryFile(named: "trades.jsonl", contents: Self.trade + "\n")
        let out = input.deletingLastPathComponent().appendingPathComponent("trades.krec")
        let result = try await CLIRunner.run(["convert", "--from", "kalshi-ws-jsonl", input.path, "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains(#""first_time":"2026-02-12T12:06:24Z""#), "\(result.stdout)")
    }

    @Test func inputsThatGiveNothingAreRefusedAndWriteNoRecording() async throws {
        let tickers = try CLIRunner.temporaryFile(named: "ticker.jsonl", contents: Self.ticker + "\n" + Self.ticker + "\n")
        let out = tickers.deletingLastPathComponent().appendingPathComponent("ticker.krec")
        let result = try await CLIRunner.run(["convert", "--from", "kalshi-ws-jsonl", tickers.path, "--out", out.path])
        #expect(result.status != 0)
        #expect(result.stderr.contains("2 ticker frames skipped"), "\(result.stderr)")
        #expect(result.stderr.contains("nothing in ticker.jsonl could be converted as kalshi-ws-jsonl"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func anInputGivenTwiceIsRefused() async throws {
        let input = try CLIRunner.temporaryFile(named: "twice.jsonl", contents: Self.trade + "\n")
        let out = try CLIRunner.temporaryDirectory().appendingPathComponent("never.krec")
        let result = try await CLIRunner.run(["convert", "--from", "kalshi-ws-jsonl", input.path, input.path, "--out", out.path])
        #expect(result.status != 0)
        #expect(result.stderr.contains("is given twice"), "\(result.stderr)")
    }

    @Test func recordRefusesASignalVenueItCannotRecord() async throws {
        let config = try CLIRunner.temporaryFile(named: "coinbase.json", contents: #"{"signals":{"venue":"coinbase"}}"#)
        // A fresh directory per run: a file left by another run or checkout cannot fail the check.
        let out = try CLIRunner.temporaryDirectory().appendingPathComponent("never-recorded.krec")
        let result = try await CLIRunner.run(["record", "--config", config.path, "--duration", "1", "--out", out.path])
        #expect(result.status != 0)
        #expect(result.stderr.contains("signals.venue") && result.stderr.contains("coinbase"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func negativeNumbersReachTheRangeCheck() async throws {
        let latency = try await CLIRunner.run(["backtest", "/nonexistent.krec", "--latency-ms", "-5"])
        #expect(latency.status != 0)
        #expect(latency.stderr.contains("'-5'") && !latency.stderr.contains("Missing value"), "\(latency.stderr)")
        let duration = try await CLIRunner.run(["record", "--duration", "-3"])
        #expect(duration.status != 0)
        #expect(duration.stderr.contains("--duration must be positive"), "\(duration.stderr)")
        let rate = try await CLIRunner.run([
            "price", "--spot", "3000", "--strike", "3000", "--vol", "0.6", "--minutes", "30", "--rate", "-0.01",
        ])
        #expect(rate.status == 0, "\(rate.stderr)")
    }
}
