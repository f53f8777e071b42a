import KalshiAPI
import KalshiCore
import TradingEngine

/// The exchange's wire objects as the engine's absolute views.
extension ExchangeOrderView {
    init?(_ dto: OrderDTO) {
        guard let side = BookSide(rawValue: dto.bookSide) else { return nil }
        self.init(
            orderId: dto.orderId, clientOrderId: dto.clientOrderId, ticker: dto.ticker, side: side, price: dto.yesPriceDollars,
            initialCount: dto.initialCountFp ?? dto.fillCountFp + dto.remainingCountFp, filledCount: dto.fillCountFp,
            remainingCount: dto.remainingCountFp, isResting: dto.status == "resting")
    }

    init(_ message: WSUserOrder) {
        self.init(
            orderId: message.orderId, clientOrderId: message.clientOrderId, ticker: message.ticker, side: message.bookSide,
            price: message.yesPriceDollars,
            initialCount: message.initialCountFp ?? message.fillCountFp + message.remainingCountFp,
            filledCount: message.fillCountFp, remainingCount: message.remainingCountFp, isResting: message.status == "resting")
    }

    /// A create answer: the order as placed, after whatever filled at once (and, for IOC, the cancel of the rest).
    init(created response: CreateOrderResponse, spec: OrderSpec) {
        self.init(
            orderId: response.orderId, clientOrderId: spec.clientOrderId, ticker: spec.ticker, side: spec.side, price: spec.price,
            initialCount: spec.count, filledCount: response.fillCount, remainingCount: response.remainingCount,
            isResting: response.remainingCount.units > 0)
    }
}

extension ExchangeFillView {
    init(_ fill: WSFill) {
        self.init(
            tradeId: fill.tradeId, orderId: fill.orderId, clientOrderId: fill.clientOrderId, ticker: fill.marketTicker,
            side: fill.bookSide,
            yesPrice: fill.yesPriceDollars, count: fill.countFp, fee: fill.feeCost, isTaker: fill.isTaker,
            // The decoder refuses implausible times; `fromSeconds` keeps a hand-built one from trapping.
            timeMs: fill.tsMs ?? fill.ts.flatMap(EpochMilliseconds.fromSeconds) ?? 0)
    }

    init?(_ dto: FillDTO, clientOrderId: String?) {
        guard let side = BookSide(rawValue: dto.bookSide) else { return nil }
        self.init(
            tradeId: dto.tradeId ?? dto.fillId, orderId: dto.orderId, clientOrderId: clientOrderId, ticker: dto.ticker,
            side: side,
            yesPrice: dto.yesPriceDollars, count: dto.countFp, fee: dto.feeCost, isTaker: dto.isTaker,
            // `ts` is REST body data: an implausible one (whose `* 1_000` would trap) falls back to
            // `created_time` rather than dropping the fill.
            timeMs: dto.ts.flatMap(EpochMilliseconds.fromSeconds) ?? dto.createdTime.flatMap(RFC3339.parse) ?? 0)
    }
}
