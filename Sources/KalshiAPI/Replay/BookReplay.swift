import KalshiCore

/// Replays recorded Kalshi WebSocket frames through the production book path
/// (`KalshiWSDecoder` → `BookSynchronizer`) and keeps what a report needs.
///
/// A malformed line is counted and described, never fatal: the rest of the recording still plays.
public struct BookReplay: Sendable {
    /// Something a user should hear about, with the 1-based line it came from.
    public struct Notice: Equatable, Sendable {
        public enum Kind: Sendable, Equatable { case malformed, exchangeError, bookFault }
        public var line: Int
        public var kind: Kind
        public var message: String
    }

    public private(set) var synchronizer: BookSynchronizer
    public private(set) var frames = 0
    public private(set) var errors = 0
    /// Decodes lines (book frames by the fast path); its counters say which path each took.
    public private(set) var decoder = RecordedLineDecoder()

    public init(synchronizer: BookSynchronizer = BookSynchronizer()) {
        self.synchronizer = synchronizer
    }

    /// Feeds one recording line; returns what deserves a message (nothing for a clean frame).
    public mutating func consume(line: String, number: Int) -> [Notice] {
        var text = line
        return text.withUTF8 { consume(bytes: UnsafeRawBufferPointer($0), number: number) }
    }

    /// The same from the line's bytes (the fast path for book frames: no `String` per line).
    public mutating func consume(bytes line: UnsafeRawBufferPointer, number: Int) -> [Notice] {
        let event: BookFeedEvent?
        var notices: [Notice] = []
        do {
            switch try decoder.decodeForBooks(line) {
            case .blank: return []
            case .book(let bookEvent): event = bookEvent
            case .other(let message):
                if case .error(_, let code, let text, let ticker) = message {
                    let market = ticker.map { " (\($0))" } ?? ""
                    notices.append(Notice(line: number, kind: .exchangeError, message: "exchange error \(code): \(text)\(market)"))
                }
                event = message.bookFeedEvent
            }
        } catch {
            errors += 1
            return [Notice(line: number, kind: .malformed, message: error.description)]
        }
        frames += 1
        if let event {
            let faultsBefore = faultCount
            let action = synchronizer.apply(event)
            if case .resync(let sid, let tickers) = action {
                let detail = faultCount > faultsBefore ? "book fault" : "sequence break"
                notices.append(
                    Notice(
                        line: number, kind: .bookFault,
                        message: "\(detail) on sid \(sid); needs resync: \(tickers.joined(separator: ","))"))
            }
        }
        return notices
    }

    private var faultCount: Int {
        let counters = synchronizer.counters
        return counters.deltasBeforeSnapshot + counters.negativeLevels + counters.crossedBooks
            + counters.offGridPrices + counters.invalidSnapshots
    }

    /// One line per market, sorted by ticker.
    public var markets: [MarketBookSummary] {
        synchronizer.books.keys.sorted().map { MarketBookSummary(ticker: $0, book: synchronizer.books[$0]!) }
    }

    public var summary: ReplaySummary {
        let counters = synchronizer.counters
        return ReplaySummary(
            frames: frames, snapshots: counters.snapshots, deltas: counters.deltas, gaps: counters.gaps, errors: errors)
    }
}

/// The top of one market's book at the end of a replay.
public struct MarketBookSummary: Equatable, Sendable {
    public var ticker: String
    public var tradable: Bool
    public var yesBid: BookLevel?
    public var yesAsk: BookLevel?
    public var yesLevels: Int
    public var noLevels: Int

    public init(ticker: String, book: OrderBook) {
        self.ticker = ticker
        self.tradable = book.isTradable
        self.yesBid = book.bestYesBid
        self.yesAsk = book.bestYesAsk
        self.yesLevels = book.yesLevelCount
        self.noLevels = book.noLevelCount
    }

    /// `{"ticker":…,"state":"ok"|"needs_resync","yes_bid":…,…}` with a fixed key order.
    public var json: String {
        var writer = JSONLineWriter()
        writer.add("ticker", ticker)
        writer.add("state", tradable ? "ok" : "needs_resync")
        writer.add("yes_bid", yesBid?.price.description)
        writer.add("yes_bid_size", yesBid?.size.description)
        writer.add("yes_ask", yesAsk?.price.description)
        writer.add("yes_ask_size", yesAsk?.size.description)
        writer.add("yes_levels", yesLevels)
        writer.add("no_levels", noLevels)
        return writer.line
    }
}

public struct ReplaySummary: Equatable, Sendable {
    public var frames: Int
    public var snapshots: Int
    public var deltas: Int
    public var gaps: Int
    public var errors: Int

    public var json: String {
        var writer = JSONLineWriter()
        writer.add("frames", frames)
        writer.add("snapshots", snapshots)
        writer.add("deltas", deltas)
        writer.add("gaps", gaps)
        writer.add("errors", errors)
        return writer.line
    }
}
