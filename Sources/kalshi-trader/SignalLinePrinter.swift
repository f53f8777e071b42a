import Foundation
import KalshiAPI
import Pricing
import SignalClient
import SignalFeeds

/// The `signal` command's output: JSON lines on stdout for what a consumer acts on (ticks,
/// staleness, volatility, the summary), plain notices on stderr for connection events and errors.
struct SignalLinePrinter {
    mutating func print(_ event: SignalEvent) {
        switch event {
        case .tick(let tick):
            var writer = JSONLineWriter()
            writer.add("type", "tick")
            writer.add("asset", tick.asset.symbol)
            writer.add("venue", tick.venue.rawValue)
            writer.add("kind", tick.kind.rawValue)
            writer.add("price", tick.price.description)
            writer.add("exchange_ms", json: String(tick.exchangeMs))
            writer.add("receive_ms", json: String(tick.receiveMs))
            Console.line(writer.line)
        case .stale(let venue, let asset, let ageMs):
            var writer = JSONLineWriter()
            writer.add("type", "stale")
            writer.add("asset", asset.symbol)
            writer.add("venue", venue.rawValue)
            writer.add("age_ms", json: String(ageMs))
            Console.line(writer.line)
        case .fresh(let venue, let asset):
            var writer = JSONLineWriter()
            writer.add("type", "fresh")
            writer.add("asset", asset.symbol)
            writer.add("venue", venue.rawValue)
            Console.line(writer.line)
        case .volatility(let estimate):
            var writer = JSONLineWriter()
            writer.add("type", "volatility")
            writer.add("asset", estimate.asset.symbol)
            writer.add("venue", estimate.venue.rawValue)
            Self.addVolatility(estimate, to: &writer)
            Console.line(writer.line)
        case .connected(let venue): StandardError.print("\(venue): connected")
        case .disconnected(let venue, let reason): StandardError.print("\(venue): disconnected (\(reason))")
        case .subscribed(let venue, let channels): StandardError.print("\(venue): subscribed \(channels.joined(separator: ", "))")
        case .resync(let venue, let channel, let reason): StandardError.print("\(venue): resync \(channel): \(reason)")
        case .malformed(let venue, let error, let frame): StandardError.print("\(venue): malformed frame (\(error)): \(frame)")
        case .venueError(let venue, let code, let message): StandardError.print("\(venue): error \(code): \(message)")
        case .historyLoaded(let venue, let candles):
            StandardError.print("\(venue): loaded \(candles) one-minute candles of history")
        case .candleClosed, .heartbeat: break
        }
    }

    static func addVolatility(_ estimate: VolatilityEstimate?, to writer: inout JSONLineWriter) {
        writer.add("vol", estimate.map { String(format: "%.8f", $0.sigma) })
        writer.add("vol_estimator", estimate?.estimator.rawValue ?? VolatilityEstimator.default.rawValue)
        writer.add("vol_window", estimate?.window ?? 24)
        writer.add("vol_interval", estimate?.interval.description ?? "5m")
    }

    /// `{"type":"summary",...}`: counts over the run and the state at its end.
    static func summary(of source: any SignalSource, durationSeconds: Double) async -> String {
        let counters = await source.counters()
        let reading = await source.reading()
        let volatility = await source.volatility()
        var writer = JSONLineWriter()
        writer.add("type", "summary")
        writer.add("asset", source.asset.symbol)
        writer.add("venue", source.venue.rawValue)
        writer.add("duration_s", durationSeconds, decimals: 1)
        writer.add("ticks", counters.totalTicks)
        for kind in SignalTick.Kind.allCases { writer.add(kind.rawValue, counters.ticks[kind] ?? 0) }
        writer.add("gaps", counters.gaps)
        writer.add("resyncs", counters.resyncs)
        writer.add("heartbeats", counters.heartbeats)
        writer.add("heartbeats_answered", counters.heartbeatsAnswered)
        writer.add("reconnects", counters.reconnects)
        writer.add("malformed", counters.malformedFrames)
        writer.add("duplicates", counters.duplicates)
        writer.add("candles", counters.candlesClosed)
        writer.add("price", reading?.tick.price.description)
        writer.add("stale", json: reading.map { $0.isStale ? "true" : "false" } ?? "true")
        addVolatility(volatility, to: &writer)
        return writer.line
    }
}
