import FakeVenues
import KalshiAPI
import KalshiCore
import Recording
import TradingEngine

/// Reads a recording into a fake-exchange scenario (`fake-venue --scenario recording:FILE`):
/// its markets, every book change in time order, and each asset's price path. Records go
/// through the same `ReplayPipeline` as a backtest, so raw recordings (from `record`) and
/// converted ones give the same books and prices a replay of them shows. An asset's path is
/// its index values when the recording has any (the settlement source), else venue mids, else
/// trades.
public enum RecordedScenarioLoader {
    public enum LoadError: Error, CustomStringConvertible {
        case recording(RecordingError)
        case scenario(RecordedScenario.ScenarioError)
        case prices(asset: String, RecordedPricePath.BuildError)
        case unknownAsset(market: String)

        public var description: String {
            switch self {
            case .recording(let error): "\(error)"
            case .scenario(let error): "\(error)"
            case .prices(let asset, let error): "\(asset) prices: \(error)"
            case .unknownAsset(let market):
                "market \(market) names no underlying and its series is not a known crypto series (KXBTCD, KXBTC, KXETHD, KXETH)"
            }
        }
    }

    public static func load(path: String) throws(LoadError) -> RecordedScenario {
        let reader: RecordingReader
        do { reader = try RecordingReader(path: path) } catch { throw .recording(error) }
        var pipeline = ReplayPipeline(header: reader.header)
        var markets: [RecordedScenario.Market] = []
        var marketIndex: [Int: Int] = [:]
        var changes: [RecordedScenario.TimedBookChange] = []
        // A record stamped earlier than the one before it still comes after it: book changes keep
        // the recording's order, on a clock that never runs backwards.
        var lastChangeMs = Int64.min
        var spots: [String: [SpotObservation.Kind: [(timeMs: Int64, price: Double)]]] = [:]

        func take(_ event: EngineEvent, timeMs: Int64) {
            func add(_ id: MarketID, _ change: RecordedScenario.BookChange) {
                guard let market = marketIndex[id.index] else { return }
                lastChangeMs = max(lastChangeMs, timeMs)
                changes.append(.init(timeMs: lastChangeMs, market: market, change: change))
            }
            switch event {
            case .bookSnapshot(let id, let yes, let no): add(id, .snapshot(yes: yes, no: no))
            case .bookDelta(let id, let delta): add(id, .delta(delta))
            case .bookUntrusted(let id): add(id, .untrusted)
            case .spot(let spot) where !spot.isStale:
                let time = spot.exchangeTimeMs > 0 ? spot.exchangeTimeMs : timeMs
                spots[spot.asset, default: [:]][spot.kind, default: []].append((time, Double(spot.price.micros) / 1e6))
            default: break
            }
        }

        do {
            while let record = try reader.next() {
                switch pipeline.translate(record) {
                case .none: break
                case .market(let metadata, let asset):
                    guard let engineId = pipeline.marketIDs[metadata.ticker], marketIndex[engineId.index] == nil else { continue }
                    guard let underlying = asset ?? underlyingAsset(ofSeries: metadata.seriesTicker) else {
                        throw LoadError.unknownAsset(market: metadata.ticker)
                    }
                    marketIndex[engineId.index] = markets.count
                    markets.append(.init(metadata: metadata, asset: underlying))
                case .event(let event): take(event, timeMs: record.timeMs)
                case .events(let events): for event in events { take(event, timeMs: record.timeMs) }
                }
            }
        } catch let error as LoadError {
            throw error
        } catch let error as RecordingError {
            throw .recording(error)
        } catch {
            throw .recording(.corrupt(offset: reader.validPrefix, detail: "\(error)", validRecords: reader.recordsRead))
        }

        var prices: [String: RecordedPricePath] = [:]
        for (asset, byKind) in spots {
            guard let observations = byKind[.index] ?? byKind[.mid] ?? byKind[.trade] else { continue }
            do { prices[asset] = try RecordedPricePath(observations: observations) } catch {
                throw .prices(asset: asset, error)
            }
        }
        do {
            return try RecordedScenario(markets: markets, bookChanges: changes, prices: prices)
        } catch {
            throw .scenario(error)
        }
    }

    static func underlyingAsset(ofSeries series: String?) -> String? {
        guard let series else { return nil }
        return ["BTC", "ETH"].first { asset in
            CryptoSeries.forAsset(asset).map { $0.threshold == series || $0.range == series } ?? false
        }
    }
}
