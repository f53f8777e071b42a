extension MatchingEngine {
    /// Matches an order that is not on the book (a new order, or an amended one that gave up its
    /// place) against the other side, then rests or cancels its remainder.
    mutating func matchIncoming(_ takerId: String, operation: inout MatchingOperation) {
        var taker = orders[takerId]!
        let makerSide = taker.side.opposite
        var stoppedBySelfTrade = false
        while !taker.remainingCount.isZero {
            let book = ladder(makerSide)
            guard let level = book.best, book.crosses(level.price, limit: taker.price) else { break }
            let makerId = level.front!
            let maker = orders[makerId]!
            if maker.owner == taker.owner {
                if taker.selfTradePrevention == .takerAtCross {
                    stoppedBySelfTrade = true
                    break
                }
                cancelResting(makerId, count: maker.remainingCount, reason: .selfTradePrevention, operation: &operation)
                continue
            }
            let count = min(taker.remainingCount, maker.remainingCount)
            let trade = ExchangeTrade(
                tradeId: ids.nextTradeId(), ticker: ticker, makerOrderId: makerId, makerOwner: maker.owner,
                takerOrderId: takerId, takerOwner: taker.owner, yesPrice: maker.price, count: count,
                takerSide: taker.side, makerFee: fees.tradeFee(price: maker.price, count: count, role: .maker),
                takerFee: fees.tradeFee(price: maker.price, count: count, role: .taker), timeMs: operation.nowMs)
            operation.result.trades.append(trade)
            operation.touch(makerId)
            orders[makerId]!.recordFill(
                yesPrice: trade.yesPrice, count: count, role: .maker, fee: trade.makerFee, nowMs: operation.nowMs)
            taker.recordFill(
                yesPrice: trade.yesPrice, count: count, role: .taker, fee: trade.takerFee, nowMs: operation.nowMs)
            modifyLadder(makerSide) { ladder in
                if count == maker.remainingCount {
                    ladder.remove(makerId, price: maker.price, units: count.units)
                } else {
                    ladder.reduce(price: maker.price, units: count.units)
                }
            }
            operation.deltas.record(makerSide, yesPrice: maker.price, units: -count.units)
        }
        let remainder = taker.remainingCount
        if !remainder.isZero {
            if stoppedBySelfTrade {
                taker.cancel(remainder, nowMs: operation.nowMs)
                operation.noteCancel(takerId, reason: .selfTradePrevention)
            } else {
                switch taker.timeInForce {
                case .goodTillCanceled:
                    modifyLadder(taker.side) { $0.append(takerId, price: taker.price, units: remainder.units) }
                    operation.deltas.record(taker.side, yesPrice: taker.price, units: remainder.units)
                    if let expirationMs = taker.expirationMs {
                        earliestExpirationMs = min(earliestExpirationMs ?? expirationMs, expirationMs)
                    }
                case .immediateOrCancel:
                    taker.cancel(remainder, nowMs: operation.nowMs)
                    operation.noteCancel(takerId, reason: .immediateOrCancel)
                case .fillOrKill:
                    // Unreachable: the pre-check guaranteed enough size from other owners, and
                    // only a self-trade stop leaves a remainder. Cancel rather than rest anyway.
                    taker.cancel(remainder, nowMs: operation.nowMs)
                    operation.noteCancel(takerId, reason: .fillOrKill)
                }
            }
        }
        orders[takerId] = taker
    }

    /// Cancels `count` contracts of a resting order, taking them off the book.
    mutating func cancelResting(
        _ orderId: String, count: Quantity, reason: CancelReason, operation: inout MatchingOperation
    ) {
        let order = orders[orderId]!
        precondition(order.isResting && count <= order.remainingCount && count.units > 0, "invalid cancel")
        modifyLadder(order.side) { ladder in
            if count == order.remainingCount {
                ladder.remove(orderId, price: order.price, units: count.units)
            } else {
                ladder.reduce(price: order.price, units: count.units)
            }
        }
        operation.deltas.record(order.side, yesPrice: order.price, units: -count.units)
        orders[orderId]!.cancel(count, nowMs: operation.nowMs)
        operation.noteCancel(orderId, reason: reason)
        operation.result.reducedBy = operation.result.reducedBy + count
    }
}
