import KalshiAPI
import KalshiClient
import KalshiCore
import TradingEngine

/// Reads the exchange's record of the account for a reconciliation. Fills and settlements are
/// read before and after everything else: when they did not change in between, balance,
/// positions and fills describe one moment and may be compared with the engine's books.
struct AccountReader: Sendable {
    let rest: KalshiRESTClient

    func read(tickers: [String], fetchStartedMs: Int64) async throws(KalshiAPIError) -> ExchangeAccountView {
        let tracked = Set(tickers)
        let fillsBefore = try await fills(tickers)
        let settlementsBefore = try await settlements(tracked)
        let balanceAnswer = try await rest.balance()
        let balance = balanceAnswer.exactBalance
        var positions: [String: Quantity] = [:]
        var cursor: String?
        repeat {
            let page = try await rest.positions(cursor: cursor)
            for position in page.marketPositions where tracked.contains(position.ticker) && position.positionFp.units != 0 {
                positions[position.ticker] = position.positionFp
            }
            cursor = page.cursor
        } while !(cursor ?? "").isEmpty
        var orders: [ExchangeOrderView] = []
        let venue = LiveVenue(rest: rest)
        for ticker in tickers.sorted() {
            for dto in try await venue.allOrders(ticker: ticker) { if let view = ExchangeOrderView(dto) { orders.append(view) } }
        }
        let fillsAfter = try await fills(tickers)
        let settlementsAfter = try await settlements(tracked)
        let clientIds = Dictionary(
            orders.compactMap { view in view.clientOrderId.map { (view.orderId, $0) } }, uniquingKeysWith: { a, _ in a })
        let views = fillsAfter.compactMap { ExchangeFillView($0, clientOrderId: clientIds[$0.orderId]) }
        let consistent = Set(fillsBefore.map(\.fillId)) == Set(fillsAfter.map(\.fillId)) && settlementsBefore == settlementsAfter
        var view = ExchangeAccountView(
            balance: balance, positions: positions, orders: orders, fills: views, settlements: settlementsAfter,
            fetchStartedMs: fetchStartedMs, isConsistent: consistent, trackedTickers: tracked)
        view.shardBalances = balanceAnswer.balanceBreakdown.map { shards in
            Dictionary(shards.map { ($0.exchangeIndex, $0.balance) }, uniquingKeysWith: { first, _ in first })
        }
        return view
    }

    private func fills(_ tickers: [String]) async throws(KalshiAPIError) -> [FillDTO] {
        var all: [FillDTO] = []
        for ticker in tickers.sorted() {
            var cursor: String?
            repeat {
                let page = try await rest.fills(ticker: ticker, cursor: cursor)
                all += page.fills
                cursor = page.cursor
            } while !(cursor ?? "").isEmpty
        }
        return all
    }

    private func settlements(_ tracked: Set<String>) async throws(KalshiAPIError) -> [String: OutcomeSide] {
        var result: [String: OutcomeSide] = [:]
        var cursor: String?
        repeat {
            let page = try await rest.settlements(cursor: cursor)
            for settlement in page.settlements where tracked.contains(settlement.ticker) {
                if let outcome = OutcomeSide(rawValue: settlement.marketResult) { result[settlement.ticker] = outcome }
            }
            cursor = page.cursor
        } while !(cursor ?? "").isEmpty
        return result
    }
}
