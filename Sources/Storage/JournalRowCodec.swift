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

/// Records ⇄ rows, shared by both backends so they store exactly the same thing.
enum JournalRowCodec {
    static func encode(_ record: JournalRecord) -> (JournalTable, [ColumnValue]) {
        func int(_ value: Int64?) -> ColumnValue { value.map(ColumnValue.int) ?? .null }
        func text(_ value: String?) -> ColumnValue { value.map(ColumnValue.text) ?? .null }
        switch record {
        case .intent(let e):
            return (
                .orderIntents,
                [
                    .text(e.clientOrderId), int(e.sequence.map(Int64.init)), .text(e.ticker), .text(e.side.rawValue),
                    .int(e.price.ticks),
                    .int(e.count.units), .text(e.timeInForce.rawValue), .int(e.postOnly ? 1 : 0), .text(e.origin.rawValue),
                    text(e.orderId),
                ]
            )
        case .orderEvent(let e):
            return (
                .orderEvents,
                [
                    .text(e.clientOrderId), .text(e.kind.rawValue), text(e.orderId), int(e.price?.ticks), int(e.count?.units),
                    int(e.filled?.units), int(e.remaining?.units), text(e.detail),
                ]
            )
        case .fill(let e):
            return (
                .fills,
                [
                    .text(e.tradeId), .text(e.clientOrderId), .text(e.orderId), .text(e.ticker), .text(e.side.rawValue),
                    .int(e.price.ticks),
                    .int(e.count.units), .int(e.fee.micros), .int(e.isTaker ? 1 : 0), .text(e.source),
                ]
            )
        case .position(let e):
            return (.positionSnapshots, [.text(e.ticker), .int(e.local.units), int(e.exchange?.units)])
        case .balance(let e):
            return (.balanceSnapshots, [.int(e.local.micros), int(e.exchange?.micros)])
        case .risk(let e):
            return (.riskEvents, [.text(e.kind), text(e.ticker), .text(e.detail)])
        case .settlement(let e):
            return (.settlements, [.text(e.ticker), .text(e.result.rawValue), .int(e.payout.micros)])
        case .reconciliation(let e):
            return (
                .reconciliations,
                [.text(e.trigger), .int(Int64(e.corrections)), .int(e.deferredAccountCheck ? 1 : 0), .text(e.detail)]
            )
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
