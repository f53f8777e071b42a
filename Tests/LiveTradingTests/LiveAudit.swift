import Foundation
import KalshiAPI
import KalshiCore
import Storage
import TradingEngine

@testable import LiveTrading

/// The journal compared with the exchange's record of the account.
struct LiveAudit {
    var entries: [JournalEntry]
    var exchangeFills: [FillDTO]
    var exchangeOrders: [OrderDTO]

    static func gather(_ harness: LiveHarness, location: String, session: String) async throws -> LiveAudit {
        LiveAudit(
            entries: try await JournalBackends.entries(location: location, session: session),
            exchangeFills: try await harness.exchangeFills(), exchangeOrders: try await harness.exchangeOrders())
    }

    var journalFills: [String: FillEntry] {
        var result: [String: FillEntry] = [:]
        for entry in entries { if case .fill(let fill) = entry.record { result[fill.tradeId] = fill } }
        return result
    }

    var intents: [String: OrderIntentEntry] {
        var result: [String: OrderIntentEntry] = [:]
        for entry in entries { if case .intent(let intent) = entry.record { result[intent.clientOrderId] = intent } }
        return result
    }

    func events(_ kind: OrderEventEntry.Kind) -> [OrderEventEntry] {
        entries.compactMap { if case .orderEvent(let event) = $0.record, event.kind == kind { event } else { nil } }
    }

    func risks(_ kind: String) -> [RiskEventEntry] {
        entries.compactMap { if case .risk(let risk) = $0.record, risk.kind == kind { risk } else { nil } }
    }

    var settlements: [SettlementEntry] {
        entries.compactMap { if case .settlement(let settlement) = $0.record { settlement } else { nil } }
    }

    /// Exchange fills the journal does not have.
    var lostFills: [String] {
        let journaled = journalFills
        return exchangeFills.map { $0.tradeId ?? $0.fillId }.filter { journaled[$0] == nil }.sorted()
    }

    /// Journal fills the exchange does not have.
    var phantomFills: [String] {
        let onExchange = Set(exchangeFills.map { $0.tradeId ?? $0.fillId })
        return journalFills.keys.filter { !onExchange.contains($0) }.sorted()
    }

    /// Fills whose journaled details differ from the exchange's.
    var mismatchedFills: [String] {
        let journaled = journalFills
        return exchangeFills.compactMap { fill in
            guard let entry = journaled[fill.tradeId ?? fill.fillId] else { return nil }
            let same =
                entry.ticker == fill.ticker && entry.side.rawValue == fill.bookSide && entry.price == fill.yesPriceDollars
                && entry.count == fill.countFp && entry.fee == fill.feeCost && entry.isTaker == fill.isTaker
                && entry.orderId == fill.orderId
            return same ? nil : "\(fill.fillId): journal \(entry), exchange \(fill)"
        }
    }

    /// Client order ids that name more than one order at the exchange.
    var reusedClientOrderIds: [String] {
        let ids = exchangeOrders.compactMap(\.clientOrderId)
        return Dictionary(grouping: ids, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
    }

    /// Orders at the exchange that were never journaled as an intent (sent without the journal).
    var unjournaledOrders: [String] {
        let journaled = intents
        return exchangeOrders.filter { journaled[$0.clientOrderId ?? ""] == nil }.map { $0.clientOrderId ?? $0.orderId }.sorted()
    }

    /// Orders whose market or side differ from their journaled intent.
    var ordersUnlikeTheirIntent: [String] {
        let journaled = intents
        return exchangeOrders.compactMap { order in
            guard let cid = order.clientOrderId, let intent = journaled[cid] else { return nil }
            return intent.ticker == order.ticker && intent.side.rawValue == order.bookSide ? nil : cid
        }
    }

    /// The largest |position| any market reached, replaying the exchange's fills in time order.
    var largestPosition: Quantity {
        var positions: [String: Int64] = [:]
        var largest: Int64 = 0
        for fill in exchangeFills.sorted(by: { ($0.ts ?? 0, $0.fillId) < ($1.ts ?? 0, $1.fillId) }) {
            positions[fill.ticker, default: 0] += fill.bookSide == "bid" ? fill.countFp.units : -fill.countFp.units
            largest = max(largest, abs(positions[fill.ticker]!))
        }
        return Quantity(units: largest)
    }

    var summary: String {
        "journal: \(intents.count) intents, \(journalFills.count) fills; exchange: \(exchangeOrders.count) orders, \(exchangeFills.count) fills"
    }
}

/// The journal replayed into a fresh engine, as a restart would: what the session believes.
struct ReplayedBooks {
    struct Idle: Strategy { let name = "idle" }

    var engine: TradingEngine<Idle>

    init(_ audit: LiveAudit, harness: LiveHarness) async {
        engine = TradingEngine(
            strategy: Idle(), startingBalance: Money(cents: 100_000), limits: RiskLimits(), sessionPrefix: "replay")
        for ticker in await harness.exchange.listedTickers {
            if let metadata = await harness.exchange.metadata(ticker) { engine.addMarket(metadata, asset: "ETH") }
        }
        _ = JournalReplay.restore(audit.entries, into: &engine, nowMs: Int64(Date().timeIntervalSince1970 * 1_000))
    }

    /// Orders the journal leaves without an outcome (the replay marks them unknown).
    var ordersInDoubt: [String] {
        engine.state.orders.orders.values.filter { $0.status == .unknown }.map(\.clientOrderId).sorted()
    }

    func position(_ ticker: String) -> Quantity { engine.state.portfolio.position(ticker) }
}
