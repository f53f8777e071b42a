import KalshiAPI
import KalshiClient
import KalshiCore

/// Finds the hourly event a rolling session trades next: among the open and not-yet-open
/// markets of the asset's "above $X" series, the event that closes first after the latest close
/// the session follows. The answer is an input for the live core.
struct NextEventDiscovery: Sendable {
    let rest: KalshiRESTClient
    let asset: String

    func nextEvent(after closeMs: Int64) async -> LiveInput {
        guard let series = CryptoSeries.forAsset(asset) else { return .nextEventFailed("unknown asset '\(asset)'") }
        do {
            let markets = try await MarketDiscovery(client: rest).openAndUpcomingMarkets(series: series.threshold)
            return .nextEvent(HourlyEvent.next(after: closeMs, in: markets)?.markets ?? [])
        } catch {
            return .nextEventFailed("listing \(series.threshold) markets: \(error)")
        }
    }
}
