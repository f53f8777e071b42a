import KalshiCore

/// Converts the top-5-book + index CSV of ../shared/data (`timestamp, product, price, strike,
/// expiration_time, bid_1_price … ask_5_quantity`, README §2) into records:
///
/// - a market row becomes a **book snapshot** of that market: YES bids from `bid_i`, and the
///   `ask_i` (YES asks, in cents, derived by the recorder as 100 − NO bid) become NO bids at
///   100 − ask with the ask's size; the market is defined from its ticker on first sight;
/// - an index row (`BRTI`, …) becomes an **index spot** of the asset (venue `cfbenchmarks`):
///   the settlement source, averaged over the last 60 seconds before the close;
/// - the index also yields **volatility** records (`IndexVolatility`: one-minute bars of the
///   index, Rogers-Satchell over the last 30, issued once 5 bars are closed).
///
/// Rows must be in time order (whole seconds, UTC); short rows (trailing empty cells cut) are fine.
///
/// The recorder sometimes wrote a second's rows with the levels in other columns (its bids and
/// asks split at another slot: bids 1–3, asks 1–5, bids 4–5, for instance). Every row of one
/// second shares the layout, so the converter takes the layout all of that second's rows fit
/// as books (bids descending, asks ascending, bid below ask), preferring the header's, and
/// reports how many rows it read that way.
public final class KalshiBookCSVConverter: RecordStream {
    public let inputDescription: String
    public private(set) var notices = ConversionNotices()
    private let lines: TextLineReader
    private let asset: String?
    private var columns: [String: Int] = [:]
    private var definitions = LocalDefinitions()
    private var pending: [Record] = []
    private var pendingIndex = 0
    private var volatility: [String: IndexVolatility] = [:]
    private var lastTimeMs = Int64.min

    /// - Parameter asset: the underlying when the tickers or the index name do not say.
    public init(path: String, asset: String?) throws(ConversionError) {
        inputDescription = path
        lines = try TextLineReader(path: path)
        self.asset = asset
        guard let header = lines.next() else { throw .invalidInput(path: path, reason: "the file is empty") }
        let names = CSVRow(header).fields.map { CSVRow.text($0).lowercased() }
        for (index, name) in names.enumerated() { columns[name] = index }
        for required in ["timestamp", "product", "price"] where columns[required] == nil {
            throw .invalidInput(
                path: path, reason: "the header has no '\(required)' column (found: \(names.joined(separator: ",")))")
        }
    }

    public func next() throws(ConversionError) -> Record? {
        while pendingIndex == pending.count {
            pending.removeAll(keepingCapacity: true)
            pendingIndex = 0
            guard let group = try nextGroup() else {
                if !finished {
                    finished = true
                    if reordered > 0 {
                        notices.add(
                            "\(reordered) market rows had their bid and ask levels in other columns (a quirk of the recorder); "
                                + "read with the column layout their second's rows share")
                    }
                    if inconsistent > 0 { notices.add("\(inconsistent) market rows fit no column layout; converted as written") }
                }
                return nil
            }
            try convert(group)
        }
        defer { pendingIndex += 1 }
        return pending[pendingIndex]
    }

    private var finished = false
    private var reordered = 0
    private var inconsistent = 0
    private var lookahead: ParsedRow?
    private var previousLayout = 5

    /// One parsed CSV row.
    private struct ParsedRow {
        enum Content {
            case index(name: String, price: Money)
            case market(ticker: String, expiration: Int64?, levels: [(ticks: Int64, units: Int64)?])
        }

        var line: Int
        var timeMs: Int64
        var content: Content
    }

    /// The rows of the next second (the recorder stamps one index row and every market's book
    /// with the same second).
    private func nextGroup() throws(ConversionError) -> [ParsedRow]? {
        var group: [ParsedRow] = []
        if let row = lookahead {
            group.append(row)
            lookahead = nil
        }
        while let line = lines.next() {
            if line.allSatisfy({ $0 == UInt8(ascii: " ") }) { continue }
            let row = try parse(CSVRow(line), line: lines.lineNumber)
            if let first = group.first, row.timeMs != first.timeMs {
                lookahead = row
                return group
            }
            group.append(row)
        }
        return group.isEmpty ? nil : group
    }

    private func fail(_ line: Int, _ field: String, _ value: ArraySlice<UInt8>, _ reason: String) -> ConversionError {
        .invalidRow(path: inputDescription, line: line, field: field, value: CSVRow.text(value), reason: reason)
    }

    private func parse(_ row: CSVRow, line: Int) throws(ConversionError) -> ParsedRow {
        let stamp = row[columns["timestamp"]]
        guard let time = UTCTime.parse(stamp) else {
            throw fail(line, "timestamp", stamp, "is not a UTC time YYYY-MM-DD HH:MM:SS")
        }
        guard time >= lastTimeMs else {
            throw fail(line, "timestamp", stamp, "goes back in time (rows must be in time order)")
        }
        lastTimeMs = time
        let product = CSVRow.text(row[columns["product"]])
        guard !product.isEmpty else { throw fail(line, "product", [], "is empty") }
        guard product.contains("-") else {
            let field = row[columns["price"]]
            guard let price = try? Money(parsing: CSVRow.text(field)), price > .zero else {
                throw fail(line, "price", field, "is not a positive price")
            }
            return ParsedRow(line: line, timeMs: time, content: .index(name: product, price: price))
        }
        let expirationField = row[columns["expiration_time"]]
        let expiration = expirationField.isEmpty ? nil : UTCTime.parse(expirationField)
        if !expirationField.isEmpty, expiration == nil {
            throw fail(line, "expiration_time", expirationField, "is not a UTC time")
        }
        var levels: [(ticks: Int64, units: Int64)?] = []
        for prefix in (1...5).map({ "bid_\($0)" }) + (1...5).map({ "ask_\($0)" }) {
            levels.append(try level(row, prefix, line: line))
        }
        return ParsedRow(line: line, timeMs: time, content: .market(ticker: product, expiration: expiration, levels: levels))
    }

    /// The column layouts a row's ten levels fit: with layout k, slots 0..<k and k+5..<10 are the
    /// YES bids (best first) and slots k..<k+5 the YES asks (best first). The file's header says
    /// k = 5, which most rows follow; for some seconds the recorder wrote every row with another k.
    static func layouts(_ levels: [(ticks: Int64, units: Int64)?]) -> Set<Int> {
        func fits(_ slots: [(ticks: Int64, units: Int64)?], descending: Bool) -> Bool {
            var previous: Int64?
            var ended = false
            for slot in slots {
                guard let slot else {
                    ended = true
                    continue
                }
                if ended { return false }
                if let previous, descending ? slot.ticks >= previous : slot.ticks <= previous { return false }
                previous = slot.ticks
            }
            return true
        }
        var result = Set<Int>()
        for k in 0...5 {
            let bids = Array(levels[0..<k] + levels[(k + 5)..<10])
            let asks = Array(levels[k..<(k + 5)])
            guard fits(bids, descending: true), fits(asks, descending: false) else { continue }
            if let bid = bids.compactMap({ $0 }).first, let ask = asks.compactMap({ $0 }).first, bid.ticks >= ask.ticks {
                continue
            }
            result.insert(k)
        }
        return result
    }

    private func convert(_ group: [ParsedRow]) throws(ConversionError) {
        var shared = Set(0...5)
        for row in group {
            if case .market(_, _, let levels) = row.content { shared.formIntersection(KalshiBookCSVConverter.layouts(levels)) }
        }
        let groupLayout: Int? = shared.contains(5) ? 5 : shared.contains(previousLayout) ? previousLayout : shared.max()
        if let groupLayout { previousLayout = groupLayout }
        for row in group {
            switch row.content {
            case .index(let name, let price):
                try convertIndex(name: name, price: price, time: row.timeMs, line: row.line)
            case .market(let ticker, let expiration, let levels):
                var layout = groupLayout ?? 5
                if groupLayout == nil {
                    let own = KalshiBookCSVConverter.layouts(levels)
                    if let best = own.max() { layout = best } else { inconsistent += 1 }
                }
                if layout != 5 { reordered += 1 }
                try convertMarket(
                    ticker: ticker, expiration: expiration, levels: levels, layout: layout, time: row.timeMs, line: row.line)
            }
        }
    }

    private func convertIndex(name: String, price: Money, time: Int64, line: Int) throws(ConversionError) {
        guard let assetName = KalshiBookCSVConverter.indexAsset[name.uppercased()] ?? asset else {
            throw fail(line, "product", Array(name.utf8)[...], "is not a known index (BRTI, ETHUSD_RTI); pass --asset")
        }
        let assetId = definitions.name(assetName, .asset, at: time, pending: &pending)
        let venueId = definitions.name("cfbenchmarks", .venue, at: time, pending: &pending)
        pending.append(
            Record(
                timeMs: time,
                .spot(RecordedSpot(asset: assetId, venue: venueId, kind: .index, price: price, exchangeTimeMs: time))))
        if let sigma = volatility[assetName, default: IndexVolatility()].observe(price: Double(price.micros) / 1e6, atMs: time) {
            pending.append(Record(timeMs: time, .volatility(asset: assetId, sigma: sigma)))
        }
    }

    static let indexAsset = ["BRTI": "BTC", "ETHUSD_RTI": "ETH", "ERTI": "ETH"]

    private func convertMarket(
        ticker: String, expiration: Int64?, levels: [(ticks: Int64, units: Int64)?], layout: Int, time: Int64, line: Int
    ) throws(ConversionError) {
        guard let parsed = KalshiTicker(ticker) else {
            throw fail(line, "product", Array(ticker.utf8)[...], "is not a Kalshi crypto ticker SERIES-YYMMMDDHH-(T|B)strike")
        }
        guard let assetName = parsed.asset ?? asset else {
            throw fail(line, "product", Array(ticker.utf8)[...], "has no known underlying; pass --asset")
        }
        let id = definitions.market(ticker, at: time, pending: &pending) { id in
            RecordedMarket(id: id, asset: assetName, metadata: parsed.metadata(rangeWidth: nil, expirationTimeMs: expiration))
        }
        var yes: [Int64: Int64] = [:]
        var no: [Int64: Int64] = [:]
        for (slot, level) in levels.enumerated() {
            guard let level else { continue }
            if slot >= layout && slot < layout + 5 {
                // A YES ask at p is a NO bid at 1 − p of the same size.
                no[Price.ticksPerDollar - level.ticks, default: 0] += level.units
            } else {
                yes[level.ticks, default: 0] += level.units
            }
        }
        func book(_ sizes: [Int64: Int64]) -> [BookLevel] {
            sizes.keys.sorted(by: >).map { BookLevel(price: Price(uncheckedTicks: $0), size: Quantity(units: sizes[$0]!)) }
        }
        pending.append(Record(timeMs: time, .bookSnapshot(market: id, yes: book(yes), no: book(no))))
    }

    /// A level's (price ticks, size units), nil when its cells are empty.
    private func level(_ row: CSVRow, _ prefix: String, line: Int) throws(ConversionError) -> (ticks: Int64, units: Int64)? {
        let priceField = row[columns["\(prefix)_price"]]
        let sizeField = row[columns["\(prefix)_quantity"]]
        if priceField.isEmpty && sizeField.isEmpty { return nil }
        // Prices are in cents ("82.0"): two decimals of a cent are ticks of 1/10,000 dollar.
        guard let ticks = try? FixedPointParser.parse(priceField, scale: 2, allowNegative: false), ticks > 0,
            ticks < Price.ticksPerDollar
        else { throw fail(line, "\(prefix)_price", priceField, "is not a price in cents strictly between 0 and 100") }
        guard let units = try? FixedPointParser.parse(sizeField, scale: 2, allowNegative: false), units >= 0 else {
            throw fail(line, "\(prefix)_quantity", sizeField, "is not a contract count")
        }
        return units == 0 ? nil : (ticks, units)
    }
}
