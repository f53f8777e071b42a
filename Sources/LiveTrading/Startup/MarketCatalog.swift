import KalshiAPI
import KalshiClient
import KalshiCore

/// Market metadata by ticker, with its series' fees (for explicit tickers and for markets a
/// journal remembers from an earlier run).
struct MarketCatalog: Sendable {
    let rest: KalshiRESTClient

    enum LookupError: Error {
        case notFound
        case failed(String)
    }

    func market(_ ticker: String) async throws(LookupError) -> (dto: MarketDTO, metadata: MarketMetadata) {
        do {
            let dto = try await rest.market(ticker)
            let event = try await rest.event(dto.eventTicker, withNestedMarkets: false)
            let seriesTicker = event.event.seriesTicker ?? String(dto.eventTicker.split(separator: "-").first ?? "")
            let series = try await rest.series(seriesTicker)
            let fees = try series.feeSchedule(eventOverride: event.event)
            return (dto, try dto.metadata(fees: fees, seriesTicker: seriesTicker))
        } catch let error as KalshiAPIError {
            if case .exchange(404, _) = error { throw .notFound }
            throw .failed(error.description)
        } catch {
            throw .failed("\(error)")
        }
    }

    /// An event's fees as the exchange has them now: its series' schedule under its override.
    func eventFees(_ eventTicker: String) async throws(LookupError) -> FeeSchedule {
        do {
            let event = try await rest.event(eventTicker, withNestedMarkets: false).event
            let seriesTicker = event.seriesTicker ?? String(eventTicker.split(separator: "-").first ?? "")
            return try await rest.series(seriesTicker).feeSchedule(eventOverride: event)
        } catch let error as KalshiAPIError {
            if case .exchange(404, _) = error { throw .notFound }
            throw .failed(error.description)
        } catch {
            throw .failed("\(error)")
        }
    }
}
