import KalshiAPI
import KalshiCore

/// Converts a Kalshi WebSocket capture (`{"recv_ts_ns": …, "raw": "<frame>"}` lines, or bare
/// frames) into normalized records. Frames go through the production path — the fast-path
/// decoder and `BookSynchronizer` with its per-`sid` sequence checks — and come out as book
/// snapshots, book deltas and public trades at their receive time; a sequence gap or a bad
/// delta makes the affected books untrusted (a `bookUntrusted` record before the frame that
/// revealed it), exactly as the live feed tells the engine.
///
/// Captures carry no market metadata, so each market is defined from its ticker
/// (`KalshiTicker`): the close from the event code, the strike from the suffix, a range
/// bucket's width from its neighbours in the capture, and the grid from the prices seen (one
/// cent unless sub-cent prices occur). A first pass over the file collects these; the second
/// converts. Malformed lines and exchange `error` frames are skipped with a notice, and so are
/// `ticker` frames (a top of book without depth or sequence: nothing a book can be built
/// from). A bare frame (no `recv_ts_ns`) takes its own `ts_ms`/`ts` when it has one, else the
/// time of the frame before it; a frame with no time at all before any timed one is skipped
/// with a notice rather than stamped 1970.
public final class KalshiWSConverter: RecordStream {
    public let inputDescription: String
    public private(set) var notices = ConversionNotices()
    private let lines: ByteLineReader
    private var decoder = RecordedLineDecoder()
    private let assetOverride: String?
    private var synchronizer = BookSynchronizer()
    private var definitions = LocalDefinitions()
    private var pending: [Record] = []
    private var pendingIndex = 0
    private var lastTimeMs: Int64 = 0
    private var hasTime = false
    private var tickerFrames = 0
    private let widths: [String: Money]
    private let grid: PriceGrid

    public init(path: String, asset: String?) throws(ConversionError) {
        inputDescription = path
        assetOverride = asset
        (widths, grid) = try KalshiWSConverter.survey(path)
        lines = try KalshiWSConverter.openLines(path)
    }

    private static func openLines(_ path: String) throws(ConversionError) -> ByteLineReader {
        do { return try ByteLineReader(path: path) } catch { throw .cannotRead(path: path, reason: error.reason) }
    }

    /// First pass: bucket widths per event, and the grid the prices need (one cent unless some
    /// price is off it).
    private static func survey(_ path: String) throws(ConversionError) -> ([String: Money], PriceGrid) {
        let reader = try openLines(path)
        var decoder = RecordedLineDecoder()
        var centres: [String: [Money]] = [:]
        var finest: Int64 = 100
        func note(_ price: Price) {
            if price.ticks % 100 != 0 { finest = min(finest, price.ticks % 10 == 0 ? 10 : 1) }
        }
        while let line = reader.next() {
            guard case .frame(_, let message)? = try? decoder.decode(line) else { continue }
            let ticker: String?
            switch message {
            case .orderbookSnapshot(_, _, let snapshot):
                ticker = snapshot.marketTicker
                for level in snapshot.yes + snapshot.no { note(level.price) }
            case .orderbookDelta(_, _, let update):
                ticker = update.marketTicker
                note(update.delta.price)
            case .trade(_, _, let trade):
                ticker = trade.marketTicker
                note(trade.yesPriceDollars)
            default:
                ticker = nil
            }
            if let ticker, let parsed = KalshiTicker(ticker), case .bucket(let centre) = parsed.strike {
                centres[parsed.event, default: []].append(centre)
            }
        }
        if let failure = reader.failure { throw .cannotRead(path: path, reason: failure) }
        var widths: [String: Money] = [:]
        for (event, values) in centres { widths[event] = KalshiTicker.rangeWidth(centres: values) }
        let grid = finest == 100 ? PriceGrid.linearCent : finest == 10 ? try! PriceGrid(structure: "deci_cent") : PriceGrid.finest
        return (widths, grid)
    }

    public func next() throws(ConversionError) -> Record? {
        while pendingIndex == pending.count {
            pending.removeAll(keepingCapacity: true)
            pendingIndex = 0
            guard let line = lines.next() else {
                if let failure = lines.failure { throw .cannotRead(path: inputDescription, reason: failure) }
                if tickerFrames > 0 { notices.add("\(tickerFrames) ticker frames skipped (no book depth)") }
                tickerFrames = 0
                return nil
            }
            convert(line, number: lines.lineNumber)
        }
        defer { pendingIndex += 1 }
        return pending[pendingIndex]
    }

    private func convert(_ line: UnsafeRawBufferPointer, number: Int) {
        let message: KalshiWSMessage
        do {
            guard case .frame(let receivedAtNs, let decoded) = try decoder.decode(line) else { return }
            message = decoded
            if let ms = receivedAtNs.map({ $0 / 1_000_000 }) ?? KalshiWSConverter.ownTimeMs(message) {
                if hasTime, ms < lastTimeMs {
                    notices.add("line \(number): receive time goes back \(lastTimeMs - ms) ms; kept in file order")
                }
                lastTimeMs = hasTime ? max(lastTimeMs, ms) : ms
                hasTime = true
            }
        } catch {
            notices.add("line \(number): skipped: \(error.description)")
            return
        }
        if case .ticker = message {
            tickerFrames += 1
            if tickerFrames == 1 {
                notices.add("line \(number): ticker frames carry no book depth; skipped (counted at the end)")
            }
            return
        }
        guard hasTime else {
            notices.add(
                "line \(number): skipped: no recv_ts_ns and no timestamp in the frame, and no earlier frame to take one from")
            return
        }
        let time = lastTimeMs
        if case .error(_, let code, let detail, _) = message {
            notices.add("line \(number): exchange error \(code): \(detail)")
        }
        if let event = message.bookFeedEvent, case .resync(_, let tickers) = synchronizer.apply(event) {
            for ticker in tickers { pending.append(Record(timeMs: time, .bookUntrusted(market: marketId(ticker, time)))) }
        }
        switch message {
        case .orderbookSnapshot(_, _, let snapshot):
            let id = marketId(snapshot.marketTicker, time)
            pending.append(Record(timeMs: time, .bookSnapshot(market: id, yes: snapshot.yes, no: snapshot.no)))
        case .orderbookDelta(_, _, let update):
            pending.append(Record(timeMs: time, .bookDelta(market: marketId(update.marketTicker, time), update.delta)))
        case .trade(_, _, let trade):
            pending.append(
                Record(
                    timeMs: time,
                    .publicTrade(
                        market: marketId(trade.marketTicker, time), yesPrice: trade.yesPriceDollars, count: trade.countFp,
                        takerSide: trade.resolvedTakerBookSide)))
        default:
            break
        }
    }

    /// The exchange's own time of a frame, for captures without receive times.
    static func ownTimeMs(_ message: KalshiWSMessage) -> Int64? {
        switch message {
        case .trade(_, _, let trade): trade.tsMs ?? trade.ts.flatMap(EpochMilliseconds.fromSeconds)
        case .orderbookDelta(_, _, let update): update.timestampMs
        default: nil
        }
    }

    private func marketId(_ ticker: String, _ time: Int64) -> UInt32 {
        definitions.market(ticker, at: time, pending: &pending) { id in
            var metadata: MarketMetadata
            var asset = assetOverride
            if let parsed = KalshiTicker(ticker) {
                metadata = parsed.metadata(rangeWidth: widths[parsed.event])
                asset = parsed.asset ?? assetOverride
            } else {
                // Not a crypto ticker: tradable for book inspection, no strike to settle on.
                metadata = MarketMetadata(
                    ticker: ticker, eventTicker: ticker, strikeType: .custom, openTimeMs: Int64.min / 4,
                    closeTimeMs: Int64.max / 4)
                notices.add("market \(ticker): not a crypto ticker; defined without a strike or close")
            }
            metadata.priceGrid = grid
            return RecordedMarket(id: id, asset: asset, metadata: metadata)
        }
    }
}
