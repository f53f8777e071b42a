import KalshiCore

/// Channel data to ticks: the book by the `u`/`pu` rule, index values, trades, the ticker as a
/// stand-in mid while the book is rebuilding, and venue candles for the minutes we missed.
extension CryptoComSession {
    mutating func push(_ push: CryptoComPush, nowMs: Int64) -> [SignalSessionAction] {
        switch push.payload {
        case .values(let values):
            guard push.subscription == configuration.channels.name(.index) else { return [] }
            var actions: [SignalSessionAction] = []
            for value in values.sorted(by: { $0.timeMs < $1.timeMs }) {
                actions += tick(.index, value.value, exchangeMs: value.timeMs, nowMs: nowMs, strictlyNewer: true)
            }
            return actions
        case .bookSnapshot(let snapshots):
            guard push.subscription == configuration.channels.name(.book) else { return [] }
            var actions: [SignalSessionAction] = []
            for snapshot in snapshots {
                let book = CryptoComBook(snapshot: snapshot, depth: configuration.channels.bookDepth)
                if book.isCrossed {
                    actions += resubscribeBook(reason: "crossed snapshot u=\(snapshot.updateId)", nowMs: nowMs)
                    continue
                }
                bookState = .synced(book)
                actions += emit(pipeline.noteData(receiveMs: nowMs, exchangeMs: snapshot.publishMs))
                actions += bookMid(book, exchangeMs: snapshot.publishMs, nowMs: nowMs)
            }
            return actions
        case .bookUpdate(let updates):
            guard push.subscription == configuration.channels.name(.book) else { return [] }
            return bookUpdates(updates, nowMs: nowMs)
        case .ticker(let tickers):
            guard push.subscription == configuration.channels.name(.ticker) else { return [] }
            var actions: [SignalSessionAction] = []
            for ticker in tickers.sorted(by: { $0.publishMs < $1.publishMs }) {
                actions += emit(pipeline.noteData(receiveMs: nowMs, exchangeMs: ticker.publishMs))
                // The ticker's bid/ask stand in for the book's mid only while the book is not usable.
                guard !isBookSynced, let bid = ticker.bestBid, let ask = ticker.bestAsk, bid < ask else { continue }
                actions += tick(.mid, Money(micros: (bid.micros + ask.micros) / 2), exchangeMs: ticker.publishMs, nowMs: nowMs)
            }
            return actions
        case .trades(let trades):
            guard push.subscription == configuration.channels.name(.trade) else { return [] }
            return self.trades(trades, nowMs: nowMs)
        case .candles(let candles):
            guard push.subscription == configuration.channels.name(.candlestick) else { return [] }
            return venueCandles(candles, nowMs: nowMs)
        }
    }

    private mutating func bookUpdates(_ updates: [CryptoComBookUpdate], nowMs: Int64) -> [SignalSessionAction] {
        var actions: [SignalSessionAction] = []
        for update in updates {
            // Deltas before the (new) snapshot are discarded, as the reference says.
            guard case .synced(var book) = bookState else { continue }
            switch book.apply(update) {
            case .applied:
                bookState = .synced(book)
                actions += emit(pipeline.noteData(receiveMs: nowMs, exchangeMs: update.publishMs))
                actions += bookMid(book, exchangeMs: update.publishMs, nowMs: nowMs)
            case .duplicate:
                counters.duplicates += 1
            case .sequenceBreak(let expected, let got):
                counters.gaps += 1
                actions += resubscribeBook(reason: "sequence break: pu=\(got), last u=\(expected)", nowMs: nowMs)
            case .crossed:
                actions += resubscribeBook(reason: "crossed book after u=\(update.updateId)", nowMs: nowMs)
            }
        }
        return actions
    }

    private mutating func bookMid(_ book: CryptoComBook, exchangeMs: Int64, nowMs: Int64) -> [SignalSessionAction] {
        guard let mid = book.mid, mid != lastMid else { return [] }
        lastMid = mid
        return tick(.mid, mid, exchangeMs: exchangeMs, nowMs: nowMs)
    }

    /// Trades newer than the last one emitted, oldest first. The first batch after subscribing
    /// replays up to 50 past trades; with nothing emitted yet only the newest of them is current.
    private mutating func trades(_ batch: [CryptoComTrade], nowMs: Int64) -> [SignalSessionAction] {
        var ordered = batch.sorted(by: CryptoComTrade.isOrdered)
        if lastTrade == nil, let newest = ordered.last { ordered = [newest] }
        var actions: [SignalSessionAction] = []
        for trade in ordered {
            if let last = lastTrade, !CryptoComTrade.isOrdered(last, before: trade) {
                counters.duplicates += 1
                continue
            }
            lastTrade = trade
            actions += tick(.trade, trade.price, exchangeMs: trade.timeMs, nowMs: nowMs)
        }
        return actions
    }

    /// A venue candle is final once a later one arrives (reference §2.4); final ones fill the
    /// minutes our own candles missed.
    private mutating func venueCandles(_ candles: [CryptoComCandle], nowMs: Int64) -> [SignalSessionAction] {
        var final: [PriceCandle] = []
        for candle in candles.sorted(by: { $0.startMs < $1.startMs }) {
            if let forming = formingVenueCandle, candle.startMs > forming.startMs { final.append(forming.priceCandle) }
            if let forming = formingVenueCandle, candle.startMs < forming.startMs {
                final.append(candle.priceCandle)
                continue
            }
            formingVenueCandle = candle
        }
        var actions = emit(pipeline.noteData(receiveMs: nowMs, exchangeMs: candles.map(\.startMs).max()))
        if !final.isEmpty { actions += emit(pipeline.fill(with: final, nowMs: nowMs)) }
        return actions
    }

    /// Emits a tick unless it is older than the last of its kind (a replayed or duplicated frame).
    private mutating func tick(
        _ kind: SignalTick.Kind, _ price: Money, exchangeMs: Int64, nowMs: Int64, strictlyNewer: Bool = false
    ) -> [SignalSessionAction] {
        if let last = lastExchangeMs[kind], exchangeMs < last || (strictlyNewer && exchangeMs == last) {
            counters.duplicates += 1
            return emit(pipeline.noteData(receiveMs: nowMs))
        }
        lastExchangeMs[kind] = exchangeMs
        let tick = SignalTick(asset: asset, venue: venue, kind: kind, price: price, exchangeMs: exchangeMs, receiveMs: nowMs)
        return emit(pipeline.observe(tick))
    }
}
