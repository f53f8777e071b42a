import KalshiAPI
import KalshiCore

/// Finds the currently open hourly crypto events on the exchange, with each market's strike,
/// schedule, price grid and fee schedule (reference §6).
public struct MarketDiscovery: Sendable {
    public let client: KalshiRESTClient

    public init(client: KalshiRESTClient) { self.client = client }

    public enum DiscoveryError: Error, Sendable, CustomStringConvertible {
        case unknownAsset(String)
        case api(KalshiAPIError)
        case market(MarketConversionError)

        public var description: String {
            switch self {
            case .unknownAsset(let asset): return "unknown asset '\(asset)' (known: ETH, BTC)"
            case .api(let error): return error.description
            case .market(let error): return error.description
            }
        }
    }

    /// The current event of each of the asset's series (threshold first, then range); a series
    /// with no open event is left out.
    public func currentEvents(asset: String, nowMs: Int64) async throws(DiscoveryError) -> [HourlyEvent] {
        guard let series = CryptoSeries.forAsset(asset) else { throw .unknownAsset(asset) }
        var events: [HourlyEvent] = []
        for seriesTicker in [series.threshold, series.range] {
            let markets = try await openMarkets(series: seriesTicker)
            if let event = HourlyEvent.current(in: markets, nowMs: nowMs) { events.append(event) }
        }
        return events
    }

    /// Open markets of a series as core metadata, with their fees (the series' under the event's override).
    public func openMarkets(series seriesTicker: String) async throws(DiscoveryError) -> [MarketMetadata] {
        try await markets(series: seriesTicker, statuses: ["open"])
    }

    /// Open and not-yet-open markets of a series: where a rolling session finds the next event
    /// before the current one closes (the exchange lists it as `unopened` until its open time).
    public func openAndUpcomingMarkets(series seriesTicker: String) async throws(DiscoveryError) -> [MarketMetadata] {
        try await markets(series: seriesTicker, statuses: ["open", "unopened"])
    }

    private func markets(series seriesTicker: String, statuses: [String]) async throws(DiscoveryError) -> [MarketMetadata] {
        let series: SeriesDTO
        var dtos: [MarketDTO] = []
        // An event may override its series' fees (`fee_type_override`, `fee_multiplier_override`).
        var events: [String: EventDTO] = [:]
        do {
            series = try await client.series(seriesTicker)
            for status in statuses { dtos += try await client.allMarkets(seriesTicker: seriesTicker, status: status) }
            for eventTicker in Set(dtos.map(\.eventTicker)).sorted() {
                events[eventTicker] = try await client.event(eventTicker, withNestedMarkets: false).event
            }
        } catch {
            throw .api(error)
        }
        do {
            var result: [MarketMetadata] = []
            for dto in dtos {
                let fees = try series.feeSchedule(eventOverride: events[dto.eventTicker])
                result.append(try dto.metadata(fees: fees, seriesTicker: seriesTicker))
            }
            return result
        } catch {
            throw .market(error)
        }
    }
}
