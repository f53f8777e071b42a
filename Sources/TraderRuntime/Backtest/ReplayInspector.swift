import KalshiAPI
import KalshiCore
import Recording
import TradingEngine

/// `replay`: a recording's books and signals, for inspection — no strategy, no orders. The
/// records go through the same `ReplayPipeline` as a backtest; each change of a market's top
/// of book, each public trade, spot and volatility becomes one JSON line, and the run ends with
/// each market's final book and a summary line.
public struct ReplayInspector {
    private var pipeline: ReplayPipeline
    private var books: [OrderBook] = []
    private var tickers: [String] = []
    private var tops: [(bid: BookLevel?, ask: BookLevel?, tradable: Bool)] = []
    public private(set) var records = 0
    public private(set) var events = 0
    public private(set) var firstTimeMs: Int64?
    public private(set) var lastTimeMs: Int64?

    public init(header: RecordingHeader) {
        pipeline = ReplayPipeline(header: header)
    }

    /// The lines one record gives (none for most).
    public mutating func consume(_ record: Record) -> [String] {
        records += 1
        firstTimeMs = firstTimeMs ?? record.timeMs
        lastTimeMs = record.timeMs
        switch pipeline.translate(record) {
        case .none: return []
        case .market(let metadata, _):
            let id = pipeline.marketIDs[metadata.ticker]!.index
            if id == books.count {
                books.append(OrderBook(grid: metadata.priceGrid))
                tickers.append(metadata.ticker)
                tops.append((nil, nil, false))
            }
            return []
        case .event(let event): return lines(event, timeMs: record.timeMs)
        case .events(let list): return list.flatMap { lines($0, timeMs: record.timeMs) }
        }
    }

    private mutating func lines(_ event: EngineEvent, timeMs: Int64) -> [String] {
        events += 1
        var writer = JSONLineWriter()
        writer.add("time", SessionLog.time(timeMs))
        switch event {
        case .bookSnapshot(let id, let yes, let no):
            books[id.index].applySnapshot(yes: yes, no: no)
            return topLine(id.index, writer)
        case .bookDelta(let id, let delta):
            books[id.index].apply(delta)
            return topLine(id.index, writer)
        case .bookUntrusted(let id):
            books[id.index].invalidate(.connectionReset)
            return topLine(id.index, writer)
        case .publicTrade(let id, let price, let count, let taker):
            writer.add("type", "trade")
            writer.add("ticker", tickers[id.index])
            writer.add("yes_price", price.description)
            writer.add("count", count.description)
            writer.add("taker_side", taker?.rawValue)
            return [writer.line]
        case .spot(let spot):
            writer.add("type", "spot")
            writer.add("asset", spot.asset)
            writer.add("kind", spot.kind.rawValue)
            writer.add("venue", spot.venue)
            writer.add("price", spot.price.description)
            writer.add("stale", json: spot.isStale ? "true" : "false")
            return [writer.line]
        case .volatility(let asset, let sigma):
            writer.add("type", "volatility")
            writer.add("asset", asset)
            writer.add("sigma", sigma, decimals: 6)
            return [writer.line]
        case .timer, .execution, .settlement, .killSwitch, .tradingPaused:
            return []
        }
    }

    private mutating func topLine(_ index: Int, _ start: JSONLineWriter) -> [String] {
        let book = books[index]
        let top = (bid: book.bestYesBid, ask: book.bestYesAsk, tradable: book.isTradable)
        guard top.bid != tops[index].bid || top.ask != tops[index].ask || top.tradable != tops[index].tradable else { return [] }
        tops[index] = top
        var writer = start
        writer.add("type", "book")
        writer.add("ticker", tickers[index])
        writer.add("state", top.tradable ? "ok" : "needs_resync")
        writer.add("yes_bid", top.bid?.price.description)
        writer.add("yes_bid_size", top.bid?.size.description)
        writer.add("yes_ask", top.ask?.price.description)
        writer.add("yes_ask_size", top.ask?.size.description)
        return [writer.line]
    }

    /// One line per market (by ticker), as `book --replay` prints them.
    public var finalBooks: [String] {
        tickers.indices.sorted { tickers[$0] < tickers[$1] }.map { MarketBookSummary(ticker: tickers[$0], book: books[$0]).json }
    }

    public var summaryLine: String {
        var writer = JSONLineWriter()
        writer.add("records", records)
        writer.add("events", events)
        writer.add("markets", tickers.count)
        writer.add("first_time", firstTimeMs.map(SessionLog.time))
        writer.add("last_time", lastTimeMs.map(SessionLog.time))
        return writer.line
    }
}
