import KalshiCore

/// A column value on its way to or from the database.
enum ColumnValue: Sendable, Equatable {
    case int(Int64)
    case text(String)
    case null

    var int: Int64? { if case .int(let value) = self { value } else { nil } }
    var text: String? { if case .text(let value) = self { value } else { nil } }
}

/// The tables that hold records, with their columns after the common four.
enum JournalTable: String, CaseIterable, Sendable {
    case orderIntents = "order_intents"
    case orderEvents = "order_events"
    case fills
    case positionSnapshots = "position_snapshots"
    case balanceSnapshots = "balance_snapshots"
    case riskEvents = "risk_events"
    case settlements
    case reconciliations

    static let commonColumns = ["session", "seq", "run_id", "time_ms"]

    var columns: [String] {
        switch self {
        case .orderIntents:
            [
                "client_order_id", "sequence", "ticker", "side", "price_ticks", "count_units", "time_in_force", "post_only",
                "origin", "order_id",
            ]
        case .orderEvents:
            ["client_order_id", "kind", "order_id", "price_ticks", "count_units", "filled_units", "remaining_units", "detail"]
        case .fills:
            [
                "trade_id", "client_order_id", "order_id", "ticker", "side", "price_ticks", "count_units", "fee_micros",
                "is_taker", "source",
            ]
        case .positionSnapshots: ["ticker", "local_units", "exchange_units"]
        case .balanceSnapshots: ["local_micros", "exchange_micros"]
        case .riskEvents: ["kind", "ticker", "detail"]
        case .settlements: ["ticker", "result", "payout_micros"]
        case .reconciliations: ["trigger", "corrections", "deferred", "detail"]
        }
    }

    /// Fills and settlements are facts of the exchange: journaling one again changes nothing.
    var ignoresDuplicates: Bool { self == .fills || self == .settlements }
}

/// Where a record's column values go, in `table.columns` order: an array for the database, or
/// the ahead log's line written as it goes (`JournalAheadLine`), with no array between.
protocol JournalRowSink {
    mutating func int(_ value: Int64)
    mutating func text(_ value: String)
    mutating func null()
}

extension JournalRowSink {
    mutating func int(_ value: Int64?) { if let value { int(value) } else { null() } }
    mutating func text(_ value: String?) { if let value { text(value) } else { null() } }
    mutating func flag(_ value: Bool) { int(value ? 1 : 0) }
}

/// The column values as an array (the database's bindings).
struct ColumnValues: JournalRowSink {
    var values: [ColumnValue] = []
    mutating func int(_ value: Int64) { values.append(.int(value)) }
    mutating func text(_ value: String) { values.append(.text(value)) }
    mutating func null() { values.append(.null) }
}

/// Records ⇄ rows, shared by both backends so they store exactly the same thing.
enum JournalRowCodec {
    static func encode(_ record: JournalRecord) -> (JournalTable, [ColumnValue]) {
        var sink = ColumnValues()
        sink.values.reserveCapacity(10)
        encode(record, into: &sink)
        return (table(of: record), sink.values)
    }

    /// The table that holds `record`.
    static func table(of record: JournalRecord) -> JournalTable {
        switch record {
        case .intent: .orderIntents
        case .orderEvent: .orderEvents
        case .fill: .fills
        case .position: .positionSnapshots
        case .balance: .balanceSnapshots
        case .risk: .riskEvents
        case .settlement: .settlements
        case .reconciliation: .reconciliations
        }
    }

    /// The record's column values, to `sink` in `table(of: record).columns` order.
    static func encode<Sink: JournalRowSink>(_ record: JournalRecord, into sink: inout Sink) {
        switch record {
        case .intent(let e):
            sink.text(e.clientOrderId)
            sink.int(e.sequence.map(Int64.init))
            sink.text(e.ticker)
            sink.text(e.side.rawValue)
            sink.int(e.price.ticks)
            sink.int(e.count.units)
            sink.text(e.timeInForce.rawValue)
            sink.flag(e.postOnly)
            sink.text(e.origin.rawValue)
            sink.text(e.orderId)
        case .orderEvent(let e):
            sink.text(e.clientOrderId)
            sink.text(e.kind.rawValue)
            sink.text(e.orderId)
            sink.int(e.price?.ticks)
            sink.int(e.count?.units)
            sink.int(e.filled?.units)
            sink.int(e.remaining?.units)
            sink.text(e.detail)
        case .fill(let e):
            sink.text(e.tradeId)
            sink.text(e.clientOrderId)
            sink.text(e.orderId)
            sink.text(e.ticker)
            sink.text(e.side.rawValue)
            sink.int(e.price.ticks)
            sink.int(e.count.units)
            sink.int(e.fee.micros)
            sink.flag(e.isTaker)
            sink.text(e.source)
        case .position(let e):
            sink.text(e.ticker)
            sink.int(e.local.units)
            sink.int(e.exchange?.units)
        case .balance(let e):
            sink.int(e.local.micros)
            sink.int(e.exchange?.micros)
        case .risk(let e):
            sink.text(e.kind)
            sink.text(e.ticker)
            sink.text(e.detail)
        case .settlement(let e):
            sink.text(e.ticker)
            sink.text(e.result.rawValue)
            sink.int(e.payout.micros)
        case .reconciliation(let e):
            sink.text(e.trigger)
            sink.int(Int64(e.corrections))
            sink.flag(e.deferredAccountCheck)
            sink.text(e.detail)
        }
    }

    /// Builds a record from a row's columns (in `table.columns` order).
    static func decode(_ table: JournalTable, _ values: [ColumnValue]) throws(JournalError) -> JournalRecord {
        var index = 0
        func next() -> ColumnValue {
            defer { index += 1 }
            return index < values.count ? values[index] : .null
        }
        func text() throws(JournalError) -> String {
            guard let value = next().text else {
                throw .readFailed(reason: "\(table.rawValue): column \(table.columns[index - 1]) is not text")
            }
            return value
        }
        func optionalText() -> String? { next().text }
        func int() throws(JournalError) -> Int64 {
            guard let value = next().int else {
                throw .readFailed(reason: "\(table.rawValue): column \(table.columns[index - 1]) is not an integer")
            }
            return value
        }
        func optionalInt() -> Int64? { next().int }
        // Start-up replays every row into the engine's arithmetic: a value outside what the
        // engine could have written (a hand-edited or corrupt row) is a read error naming table,
        // column and value, never a trap on the way in.
        func checked(_ value: Int64, in range: ClosedRange<Int64>) throws(JournalError) -> Int64 {
            guard range.contains(value) else {
                throw .readFailed(
                    reason: "\(table.rawValue): column \(table.columns[index - 1]) value \(value) is outside \(range)")
            }
            return value
        }
        func price() throws(JournalError) -> Price {
            Price(uncheckedTicks: try checked(try int(), in: 0...Price.ticksPerDollar))
        }
        func optionalPrice() throws(JournalError) -> Price? {
            try optionalInt().map { value throws(JournalError) in
                Price(uncheckedTicks: try checked(value, in: 0...Price.ticksPerDollar))
            }
        }
        func count() throws(JournalError) -> Quantity { Quantity(units: try checked(try int(), in: 0...Quantity.maxUnits)) }
        func optionalCount() throws(JournalError) -> Quantity? {
            try optionalInt().map { value throws(JournalError) in Quantity(units: try checked(value, in: 0...Quantity.maxUnits)) }
        }
        func position() throws(JournalError) -> Quantity {
            Quantity(units: try checked(try int(), in: -Quantity.maxUnits...Quantity.maxUnits))
        }
        func optionalPosition() throws(JournalError) -> Quantity? {
            try optionalInt().map { value throws(JournalError) in
                Quantity(units: try checked(value, in: -Quantity.maxUnits...Quantity.maxUnits))
            }
        }
        func money() throws(JournalError) -> Money {
            Money(micros: try checked(try int(), in: -Money.maxMicros...Money.maxMicros))
        }
        func optionalMoney() throws(JournalError) -> Money? {
            try optionalInt().map { value throws(JournalError) in
                Money(micros: try checked(value, in: -Money.maxMicros...Money.maxMicros))
            }
        }
        func side() throws(JournalError) -> BookSide {
            let raw = try text()
            guard let side = BookSide(rawValue: raw) else { throw .readFailed(reason: "\(table.rawValue): side '\(raw)'") }
            return side
        }
        switch table {
        case .orderIntents:
            let cid = try text()
            let sequence = optionalInt().map(Int.init)
            let ticker = try text()
            let side = try side()
            let price = try price()
            let count = try count()
            let tifText = try text()
            guard let tif = TimeInForce(rawValue: tifText) else {
                throw .readFailed(reason: "order_intents: time_in_force '\(tifText)'")
            }
            let postOnly = try int() != 0
            let originText = try text()
            guard let origin = OrderIntentEntry.Origin(rawValue: originText) else {
                throw .readFailed(reason: "order_intents: origin '\(originText)'")
            }
            return .intent(
                OrderIntentEntry(
                    clientOrderId: cid, sequence: sequence, ticker: ticker, side: side, price: price, count: count,
                    timeInForce: tif,
                    postOnly: postOnly, origin: origin, orderId: optionalText()))
        case .orderEvents:
            let cid = try text()
            let kindText = try text()
            guard let kind = OrderEventEntry.Kind(rawValue: kindText) else {
                throw .readFailed(reason: "order_events: kind '\(kindText)'")
            }
            return .orderEvent(
                OrderEventEntry(
                    clientOrderId: cid, kind: kind, orderId: optionalText(),
                    price: try optionalPrice(), count: try optionalCount(), filled: try optionalCount(),
                    remaining: try optionalCount(), detail: optionalText()))
        case .fills:
            return .fill(
                FillEntry(
                    tradeId: try text(), clientOrderId: try text(), orderId: try text(), ticker: try text(), side: try side(),
                    price: try price(), count: try count(), fee: try money(),
                    isTaker: try int() != 0, source: try text()))
        case .positionSnapshots:
            return .position(
                PositionEntry(
                    ticker: try text(), local: try position(), exchange: try optionalPosition()))
        case .balanceSnapshots:
            return .balance(BalanceEntry(local: try money(), exchange: try optionalMoney()))
        case .riskEvents:
            return .risk(RiskEventEntry(kind: try text(), ticker: optionalText(), detail: try text()))
        case .settlements:
            let ticker = try text()
            let resultText = try text()
            guard let result = OutcomeSide(rawValue: resultText) else {
                throw .readFailed(reason: "settlements: result '\(resultText)'")
            }
            return .settlement(SettlementEntry(ticker: ticker, result: result, payout: try money()))
        case .reconciliations:
            return .reconciliation(
                ReconciliationEntry(
                    trigger: try text(), corrections: Int(try int()), deferredAccountCheck: try int() != 0, detail: try text()))
        }
    }
}
