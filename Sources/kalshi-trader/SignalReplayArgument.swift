import ArgumentParser
import FakeVenues
import Foundation
import Pricing
import SignalFeeds

/// `fake-venue`'s signal options: `--candles [ASSET=]FILE.csv` replays a candle file as the fake
/// Crypto.com / Coinbase price path; `--signal-heartbeat` shortens the heartbeat period.
enum SignalReplayArgument {
    static func parse(_ text: String) throws -> (asset: SignalAsset, path: String) {
        var asset = SignalAsset.eth
        var path = text
        if let equals = text.firstIndex(of: "="), let named = SignalAsset(symbol: String(text[..<equals])) {
            asset = named
            path = String(text[text.index(after: equals)...])
        }
        guard FileManager.default.isReadableFile(atPath: path) else { throw ValidationError("--candles: cannot read '\(path)'") }
        return (asset, path)
    }

    static func apply(_ files: [String], heartbeatSeconds: Double, to configuration: inout FakeKalshiConfiguration) throws {
        configuration.signals.heartbeatIntervalMs = Int64(heartbeatSeconds * 1_000)
        for file in files {
            let (asset, path) = try parse(file)
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let candles: [Candle]
            do { candles = try CandleCSV.parse(text) } catch { throw ValidationError("--candles \(path): \(error)") }
            guard candles.count >= 2 else { throw ValidationError("--candles \(path): needs at least two candles") }
            configuration.signals.replay[asset.symbol] = candles
            // The fake exchange lists its markets around its own synthetic path; start that path where
            // the replay starts, so strikes bracket the replayed price (the paths then diverge).
            configuration.initialSpot[asset.symbol] =
                candles[min(configuration.signals.replayHistoryMinutes, candles.count - 1)].open
        }
    }

    static func banner(_ signals: FakeSignalConfiguration, recording: RecordedScenario? = nil) -> String {
        let replayed = signals.replay.keys.sorted()
        let source =
            if let recording { "from the recording for \(recording.assets.joined(separator: ", "))" } else if replayed.isEmpty {
                "from the synthetic scenario"
            } else { "replayed from candles for \(replayed.joined(separator: ", "))" }
        return "signals: Crypto.com WebSocket \(SignalPaths.cryptoComMarket), REST \(SignalPaths.cryptoComREST)public/..., "
            + "Coinbase WebSocket \(SignalPaths.fakeCoinbaseFeed); heartbeat every \(Double(signals.heartbeatIntervalMs) / 1_000) s; prices "
            + source
    }
}
