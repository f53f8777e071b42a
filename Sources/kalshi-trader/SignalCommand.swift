import ArgumentParser
import Foundation
import KalshiAPI
import Logging
import SignalClient
import SignalFeeds

struct SignalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "signal",
        abstract: "Stream an asset's price signals from Crypto.com, Coinbase, or their composite, then summarize.",
        discussion: """
            Prints one JSON line per tick as it arrives ({"type":"tick",...}), a line when the \
            source goes stale or fresh again, one per realized-volatility update (on every closed \
            one-minute candle), and after --duration seconds a closing {"type":"summary",...} line \
            with the tick counts, sequence gaps, resyncs, heartbeats answered and the current \
            realized volatility (Rogers-Satchell over 24 five-minute bars; null until there are \
            enough candles). Connection notices and errors go to stderr. Without --url it connects \
            to the real venues; with --url http://127.0.0.1:PORT to `kalshi-trader fake-venue`.
            """
    )

    @Option(help: "ETH or BTC.")
    var asset: String = "ETH"

    @Option(help: "cryptocom, coinbase, or composite (the median of both, each dropped while stale).")
    var venue: String = "cryptocom"

    @Option(parsing: .unconditional, help: "Seconds to stream before printing the summary.")
    var duration: Double = 30

    @Option(help: "Root URL of a fake venue (http://127.0.0.1:PORT), or prod (the default: the real venues).")
    var url: String = "prod"

    @Option(name: .customLong("stale-after"), help: "Seconds of silence after which a source is stale.")
    var staleAfter: Double = 5

    @Flag(help: "Do not load the REST candle history at start (volatility then needs two hours of live candles).")
    var noHistory = false

    func validate() throws {
        guard SignalAsset(symbol: asset) != nil else { throw ValidationError("--asset '\(asset)' is not known (ETH or BTC)") }
        guard ["cryptocom", "coinbase", "composite"].contains(venue) else {
            throw ValidationError("--venue '\(venue)' is not known (cryptocom, coinbase or composite)")
        }
        guard duration > 0, duration.isFinite, duration <= 86_400 else {
            throw ValidationError("--duration must be in (0, 86400] seconds, got \(duration)")
        }
        guard staleAfter > 0, staleAfter.isFinite, staleAfter <= 3_600 else {
            throw ValidationError("--stale-after must be in (0, 3600] seconds, got \(staleAfter)")
        }
        do { _ = try endpoints() } catch { throw ValidationError("--url: \(error)") }
    }

    private func endpoints() throws -> SignalEndpoints {
        url == "prod" ? .production : try SignalEndpoints(fakeVenueRoot: url)
    }

    func run() async throws {
        let asset = SignalAsset(symbol: asset)!
        let source = makeSource(asset: asset, endpoints: try endpoints())
        let runner = Task { await source.run() }
        let printer = Task {
            var printer = SignalLinePrinter()
            for await event in source.events { printer.print(event) }
        }
        try? await Task.sleep(for: .milliseconds(Int64(duration * 1_000)))
        runner.cancel()
        await runner.value
        await printer.value
        Console.line(await SignalLinePrinter.summary(of: source, durationSeconds: duration))
    }

    private func makeSource(asset: SignalAsset, endpoints: SignalEndpoints) -> any SignalSource {
        var logger = Logger(label: "signal")
        logger.logLevel = .critical
        let limitMs = Int64(staleAfter * 1_000)
        var cryptoCom = CryptoComSession.Configuration(asset: asset)
        cryptoCom.pipeline.stalenessLimitMs = limitMs
        var coinbase = CoinbaseSession.Configuration(asset: asset)
        coinbase.pipeline.stalenessLimitMs = limitMs
        let history = !noHistory
        switch venue {
        case "coinbase":
            return SignalSources.coinbase(
                asset: asset, endpoints: endpoints, configuration: coinbase, loadHistory: history, logger: logger)
        case "composite":
            // One history load is enough: the composite's candles are its own median ticks, seeded from Crypto.com.
            let constituents: [any SignalSource] = [
                SignalSources.cryptoCom(
                    asset: asset, endpoints: endpoints, configuration: cryptoCom, loadHistory: history, logger: logger),
                SignalSources.coinbase(
                    asset: asset, endpoints: endpoints, configuration: coinbase, loadHistory: false, logger: logger),
            ]
            return CompositeSignalSource(
                asset: asset, constituents: constituents,
                history: history ? SignalSources.cryptoComHistory(asset: asset, endpoints: endpoints) : nil)
        default:
            return SignalSources.cryptoCom(
                asset: asset, endpoints: endpoints, configuration: cryptoCom, loadHistory: history, logger: logger)
        }
    }
}
