import Foundation
import KalshiAPI
import KalshiCore

extension FakeKalshiExchange {
    // MARK: Connections

    /// Registers a WebSocket connection; frames for it arrive on the returned stream.
    public func connect(owner: String?) -> (id: Int, frames: AsyncStream<String>) {
        let (stream, sink) = AsyncStream<String>.makeStream(bufferingPolicy: .unbounded)
        let id = nextConnectionId
        nextConnectionId += 1
        connections[id] = FeedConnection(id: id, owner: owner, sink: sink)
        return (id, stream)
    }

    public func disconnect(_ id: Int) {
        connections.removeValue(forKey: id)?.sink.finish()
    }

    /// Drops every WebSocket connection (the `disconnect` fault, or a test forcing a reconnect).
    public func disconnectAll() {
        for id in connections.keys.sorted() { disconnect(id) }
    }

    public var connectionCount: Int { connections.count }

    // MARK: Commands (reference §2.2)

    public func handleCommand(connection id: Int, text: String) {
        guard connections[id] != nil else { return }
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            return send(id, WireFrames.error(id: nil, code: 1, message: "Unable to process message"))
        }
        let commandId = object["id"] as? Int
        guard let command = object["cmd"] as? String else {
            return send(id, WireFrames.error(id: commandId, code: 5, message: "Unknown command"))
        }
        let params = object["params"] as? [String: Any]
        switch command {
        case "subscribe": subscribe(id, commandId: commandId, params: params)
        case "unsubscribe": unsubscribe(id, commandId: commandId, params: params)
        case "update_subscription": updateSubscription(id, commandId: commandId, params: params)
        case "list_subscriptions":
            let list = (connections[id]?.subscriptions ?? [:]).sorted { $0.key < $1.key }.map {
                (channel: $0.value.channel, sid: $0.key)
            }
            send(id, WireFrames.listSubscriptions(id: commandId, list))
        default:
            send(id, WireFrames.error(id: commandId, code: 5, message: "Unknown command"))
        }
    }

    private func tickers(in params: [String: Any]) -> [String] {
        if let many = params["market_tickers"] as? [String] { return many }
        if let one = params["market_ticker"] as? String { return [one] }
        return []
    }

    func subscribe(_ id: Int, commandId: Int?, params: [String: Any]?) {
        guard let params else { return send(id, WireFrames.error(id: commandId, code: 2, message: "Params required")) }
        guard let channels = params["channels"] as? [String], !channels.isEmpty else {
            return send(id, WireFrames.error(id: commandId, code: 3, message: "Channels required"))
        }
        if channels.contains(FakeKalshiExchange.indexChannel) {
            return subscribeIndex(id, commandId: commandId, params: params)
        }
        let tickers = tickers(in: params)
        for ticker in tickers where marketDTOs[ticker] == nil {
            return send(id, WireFrames.error(id: commandId, code: 16, message: "Market not found", marketTicker: ticker))
        }
        for channel in channels {
            // Any send can end the connection (the `disconnect` fault): stop when it is gone.
            guard let connection = connections[id] else { return }
            guard FeedChannels.all.contains(channel) else {
                send(id, WireFrames.error(id: commandId, code: 8, message: "Unknown channel name"))
                continue
            }
            if FeedChannels.privateChannels.contains(channel), connection.owner == nil {
                send(id, WireFrames.error(id: commandId, code: 9, message: "Authentication required"))
                continue
            }
            if channel == FeedSubscriptionNames.book, tickers.isEmpty {
                send(id, WireFrames.error(id: commandId, code: 14, message: "Market ticker required"))
                continue
            }
            let sid: Int
            var added = tickers
            if let existing = connection.sid(for: channel) {
                // Subscribing again adds markets to the existing subscription.
                sid = existing
                added = tickers.filter { !(connection.subscriptions[sid]?.tickers.contains($0) ?? false) }
                connections[id]?.subscriptions[sid]?.tickers.formUnion(tickers)
            } else {
                sid = connection.nextSid
                connections[id]?.nextSid += 1
                var subscription = FeedConnection.Subscription(channel: channel, tickers: Set(tickers))
                if channel == FeedSubscriptionNames.book {
                    subscription.yesScale = (params["use_yes_price"] as? Bool) ?? configuration.useYesPriceByDefault
                }
                connections[id]?.subscriptions[sid] = subscription
            }
            send(id, WireFrames.subscribed(id: commandId, channel: channel, sid: sid))
            if channel == FeedSubscriptionNames.book { sendSnapshots(id, sid: sid, tickers: added) }
            if channel == "ticker", params["send_initial_snapshot"] as? Bool == true {
                for ticker in added { sendTicker(to: id, sid: sid, ticker: ticker) }
            }
        }
    }

    private func unsubscribe(_ id: Int, commandId: Int?, params: [String: Any]?) {
        guard let sids = params?["sids"] as? [Int], !sids.isEmpty else {
            return send(id, WireFrames.error(id: commandId, code: 4, message: "Subscription IDs required"))
        }
        for sid in sids {
            guard let connection = connections[id] else { return }
            guard connection.subscriptions[sid] != nil else {
                send(id, WireFrames.error(id: commandId, code: 7, message: "Unknown subscription ID"))
                continue
            }
            guard let seq = connections[id]?.nextSeq(sid) else { return }
            connections[id]?.subscriptions[sid] = nil
            send(id, WireFrames.unsubscribed(id: commandId, sid: sid, seq: seq))
        }
    }

    private func updateSubscription(_ id: Int, commandId: Int?, params: [String: Any]?) {
        guard let params else { return send(id, WireFrames.error(id: commandId, code: 2, message: "Params required")) }
        let sids = (params["sids"] as? [Int]) ?? (params["sid"] as? Int).map { [$0] } ?? []
        guard sids.count == 1, let sid = sids.first else {
            return send(id, WireFrames.error(id: commandId, code: 12, message: "Exactly one subscription ID is required"))
        }
        guard let connection = connections[id] else { return }
        guard let subscription = connection.subscriptions[sid] else {
            return send(id, WireFrames.error(id: commandId, code: 7, message: "Unknown subscription ID"))
        }
        guard let action = params["action"] as? String else {
            return send(id, WireFrames.error(id: commandId, code: 15, message: "Action required"))
        }
        let tickers = tickers(in: params)
        for ticker in tickers where marketDTOs[ticker] == nil {
            return send(id, WireFrames.error(id: commandId, code: 16, message: "Market not found", marketTicker: ticker))
        }
        switch action {
        case "get_snapshot":
            guard subscription.channel == FeedSubscriptionNames.book else {
                return send(id, WireFrames.error(id: commandId, code: 13, message: "Unsupported action"))
            }
            guard let seq = connections[id]?.nextSeq(sid) else { return }
            send(id, WireFrames.ok(id: commandId, sid: sid, seq: seq, tickers: subscription.tickers.sorted()))
            sendSnapshots(id, sid: sid, tickers: tickers.isEmpty ? subscription.tickers.sorted() : tickers)
        case "add_markets":
            let added = tickers.filter { !subscription.tickers.contains($0) }
            connections[id]?.subscriptions[sid]?.tickers.formUnion(tickers)
            guard let seq = connections[id]?.nextSeq(sid) else { return }
            let now = connections[id]?.subscriptions[sid]?.tickers.sorted() ?? []
            send(id, WireFrames.ok(id: commandId, sid: sid, seq: seq, tickers: now))
            if subscription.channel == FeedSubscriptionNames.book { sendSnapshots(id, sid: sid, tickers: added) }
        case "delete_markets":
            connections[id]?.subscriptions[sid]?.tickers.subtract(tickers)
            guard let seq = connections[id]?.nextSeq(sid) else { return }
            let now = connections[id]?.subscriptions[sid]?.tickers.sorted() ?? []
            send(id, WireFrames.ok(id: commandId, sid: sid, seq: seq, tickers: now))
        default:
            send(id, WireFrames.error(id: commandId, code: 13, message: "Unsupported action"))
        }
    }

    private func sendSnapshots(_ id: Int, sid: Int, tickers: [String]) {
        for ticker in tickers {
            guard let engine = core.market(ticker) else { continue }
            let snapshot = engine.snapshot()
            guard let seq = connections[id]?.nextSeq(sid) else { return }
            let no =
                connections[id]?.subscriptions[sid]?.yesScale == true
                ? snapshot.no.map { BookLevel(price: $0.price.complement, size: $0.size) } : snapshot.no
            send(id, WireFrames.snapshot(sid: sid, seq: seq, ticker: ticker, yes: snapshot.yes, no: no))
        }
    }

    // MARK: Publishing

    /// Publishes everything an engine operation changed: book deltas and public trades to their
    /// subscribers, fills, order updates and positions to their owners.
    func publish(_ result: MatchingResult) {
        // A group over its limit is triggered after this result is fully published.
        defer { triggerPendingOrderGroups() }
        for update in result.orderUpdates { orderRecords[update.orderId] = update.order }
        if let order = result.order { orderRecords[order.id] = order }
        for trade in result.trades { recordFills(trade) }
        noteOrderGroupFills(result.trades)
        guard !connections.isEmpty else { return }
        let clientOrderIds = Dictionary(
            result.orderUpdates.compactMap { update in update.order.clientOrderId.map { (update.owner, $0) } },
            uniquingKeysWith: { a, _ in a })
        for id in connections.keys.sorted() {
            guard let connection = connections[id] else { continue }
            if !faults.frozen, let sid = connection.wants(FeedSubscriptionNames.book, ticker: result.ticker) {
                let yesScale = connection.subscriptions[sid]?.yesScale == true
                for original in result.bookDeltas {
                    var delta = original
                    if yesScale, delta.side == .no { delta.price = delta.price.complement }
                    let own = connection.owner.flatMap { owner in
                        result.orderUpdates.contains { $0.owner == owner } ? clientOrderIds[owner] : nil
                    }
                    sendBookFrame(id, sid: sid) { seq in
                        WireFrames.delta(
                            sid: sid, seq: seq, ticker: result.ticker, delta: delta, timeMs: result.timeMs, clientOrderId: own)
                    }
                }
            }
            if !faults.frozen, let sid = connection.wants("trade", ticker: result.ticker) {
                for trade in result.trades {
                    guard let seq = connections[id]?.nextSeq(sid) else { break }
                    let message = WSTrade(
                        tradeId: trade.tradeId, marketTicker: trade.ticker, yesPriceDollars: trade.yesPrice, countFp: trade.count,
                        takerBookSide: trade.takerSide, tsMs: trade.timeMs)
                    send(id, WireFrames.message(type: "trade", sid: sid, seq: seq, message))
                }
            }
            if !faults.frozen, !result.bookDeltas.isEmpty || !result.trades.isEmpty,
                let sid = connection.wants("ticker", ticker: result.ticker)
            {
                sendTicker(to: id, sid: sid, ticker: result.ticker)
            }
            guard let owner = connection.owner else { continue }
            if let sid = connection.wants("fill", ticker: result.ticker) {
                for trade in result.trades where trade.makerOwner == owner || trade.takerOwner == owner {
                    for fill in fills(of: trade, for: owner) {
                        let frame = WireFrames.message(type: "fill", sid: sid, fill)
                        send(id, frame)
                        if faults.duplicateFillRate > 0, faultRandom.uniform() < faults.duplicateFillRate { send(id, frame) }
                    }
                }
            }
            if let sid = connection.wants("user_orders", ticker: result.ticker) {
                for update in result.orderUpdates where update.owner == owner {
                    send(id, WireFrames.message(type: "user_order", sid: sid, userOrder(update.order)))
                }
            }
            if let sid = connection.wants("market_positions", ticker: result.ticker),
                result.trades.contains(where: { $0.makerOwner == owner || $0.takerOwner == owner }),
                let position = core.accounts[owner]?.positions[result.ticker]
            {
                let message = WSMarketPosition(
                    marketTicker: result.ticker, positionFp: position.position, positionCostDollars: position.positionCost,
                    realizedPnlDollars: position.realizedPnL, feesPaidDollars: position.feesPaid)
                send(id, WireFrames.message(type: "market_position", sid: sid, message))
            }
        }
    }

    /// Both sides of a trade as the `fill` messages of one owner (an owner can be both only
    /// across different orders; self-trades are prevented by the engine).
    func fills(of trade: ExchangeTrade, for owner: String) -> [WSFill] {
        var result: [WSFill] = []
        let position = core.accounts[owner]?.position(in: trade.ticker)
        if trade.takerOwner == owner {
            result.append(
                WSFill(
                    tradeId: trade.tradeId, orderId: trade.takerOrderId, marketTicker: trade.ticker, isTaker: true,
                    bookSide: trade.takerSide,
                    yesPriceDollars: trade.yesPrice, countFp: trade.count, feeCost: trade.takerFee, postPositionFp: position,
                    clientOrderId: orderRecords[trade.takerOrderId]?.clientOrderId, tsMs: trade.timeMs))
        }
        if trade.makerOwner == owner {
            result.append(
                WSFill(
                    tradeId: trade.tradeId, orderId: trade.makerOrderId, marketTicker: trade.ticker, isTaker: false,
                    bookSide: trade.takerSide.opposite, yesPriceDollars: trade.yesPrice, countFp: trade.count,
                    feeCost: trade.makerFee,
                    postPositionFp: position, clientOrderId: orderRecords[trade.makerOrderId]?.clientOrderId, tsMs: trade.timeMs))
        }
        return result
    }

    func recordFills(_ trade: ExchangeTrade) {
        for owner in Set([trade.makerOwner, trade.takerOwner]) where verifiers[owner] != nil {
            for fill in fills(of: trade, for: owner) {
                var dto = FillDTO(
                    fillId: fill.tradeId + (fill.isTaker ? "-t" : "-m"), orderId: fill.orderId, ticker: fill.marketTicker,
                    bookSide: fill.bookSide.rawValue, countFp: fill.countFp, yesPriceDollars: fill.yesPriceDollars,
                    isTaker: fill.isTaker,
                    feeCost: fill.feeCost)
                dto.tradeId = fill.tradeId
                dto.outcomeSide = fill.bookSide == .bid ? "yes" : "no"
                dto.createdTime = RFC3339.format(ms: trade.timeMs)
                dto.ts = trade.timeMs / 1_000
                fillsByOwner[owner, default: []].append(dto)
            }
        }
    }

    func userOrder(_ order: ExchangeOrder) -> WSUserOrder {
        var message = WSUserOrder(
            orderId: order.id, ticker: order.ticker, status: order.status.rawValue, bookSide: order.side,
            yesPriceDollars: order.price,
            initialCountFp: order.initialCount, fillCountFp: order.filledCount, remainingCountFp: order.remainingCount,
            clientOrderId: order.clientOrderId, lastUpdatedTsMs: order.lastUpdatedMs)
        message.takerFeesDollars = order.takerFees
        message.makerFeesDollars = order.makerFees
        return message
    }

    func sendTicker(to id: Int, sid: Int, ticker: String) {
        guard let engine = core.market(ticker) else { return }
        var message = WSTicker(marketTicker: ticker)
        message.yesBidDollars = engine.bestBid?.price ?? .zero
        message.yesBidSizeFp = engine.bestBid?.size ?? .zero
        message.yesAskDollars = engine.bestAsk?.price ?? .one
        message.yesAskSizeFp = engine.bestAsk?.size ?? .zero
        message.tsMs = clock.nowMs()
        send(id, WireFrames.message(type: "ticker", sid: sid, message))
    }

    /// Sends a sequenced book frame through the fault injector: a drop or a gap consumes the
    /// sequence number without sending, a duplicate sends twice, a reorder holds the frame back.
    private func sendBookFrame(_ id: Int, sid: Int, _ make: (Int64) -> String) {
        guard let seq = connections[id]?.nextSeq(sid) else { return }
        if faults.gapRate > 0, faultRandom.uniform() < faults.gapRate {
            guard let skipped = connections[id]?.nextSeq(sid) else { return }
            send(id, make(skipped))
            return
        }
        if faults.dropRate > 0, faultRandom.uniform() < faults.dropRate { return }
        let frame = make(seq)
        if faults.reorderRate > 0, connections[id]?.heldBack == nil, faultRandom.uniform() < faults.reorderRate {
            connections[id]?.heldBack = frame
            return
        }
        send(id, frame)
        if faults.duplicateRate > 0, faultRandom.uniform() < faults.duplicateRate { send(id, frame) }
        if let held = connections[id]?.heldBack {
            connections[id]?.heldBack = nil
            send(id, held)
        }
    }

    func send(_ id: Int, _ frame: String) {
        guard let sink = connections[id]?.sink else { return }
        sink.yield(frame)
        connections[id]?.framesSent += 1
        if faults.disconnectAfterFrames > 0, (connections[id]?.framesSent ?? 0) >= faults.disconnectAfterFrames {
            disconnect(id)
        }
    }

    func broadcastLifecycle(_ message: WSMarketLifecycle) {
        for id in connections.keys.sorted() {
            if let sid = connections[id]?.wants("market_lifecycle_v2", ticker: nil) {
                send(id, WireFrames.message(type: "market_lifecycle_v2", sid: sid, message))
            }
        }
    }
}

enum FeedSubscriptionNames {
    static let book = "orderbook_delta"
}

extension FakeKalshiExchange {
    public var faultPlan: FaultPlan { faults }
}
