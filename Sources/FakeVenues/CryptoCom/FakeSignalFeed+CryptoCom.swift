import KalshiCore
import SignalFeeds

extension FakeSignalFeed {
    // MARK: Connections

    public func openCryptoCom() -> (id: Int, frames: AsyncStream<FakeFrame>) {
        let (stream, sink) = AsyncStream<FakeFrame>.makeStream(bufferingPolicy: .unbounded)
        let id = nextConnectionId
        nextConnectionId += 1
        cryptoCom[id] = CryptoComConnection(
            id: id, sink: sink, openedWallMs: Self.wallMs(), heartbeatIntervalMs: configuration.heartbeatIntervalMs)
        stats.cryptoComConnections += 1
        return (id, stream)
    }

    func closeCryptoCom(_ id: Int, reason: String) {
        guard let connection = cryptoCom.removeValue(forKey: id) else { return }
        connection.sink.yield(.close(reason: reason))
        connection.sink.finish()
    }

    public func disconnectedCryptoCom(_ id: Int) {
        cryptoCom.removeValue(forKey: id)?.sink.finish()
    }

    func sendCryptoCom(_ id: Int, _ text: String, faults: FaultPlan) {
        guard cryptoCom[id] != nil else { return }
        cryptoCom[id]!.sink.yield(.text(text))
        cryptoCom[id]!.framesSent += 1
        stats.framesSent += 1
        if faults.disconnectAfterFrames > 0, cryptoCom[id]!.framesSent >= faults.disconnectAfterFrames {
            closeCryptoCom(id, reason: "disconnect fault after \(faults.disconnectAfterFrames) frames")
        }
    }

    // MARK: Requests (reference §1)

    public func handleCryptoCom(_ id: Int, text: String) async {
        guard cryptoCom[id] != nil else { return }
        let faults = await effectiveFaults()
        // Actor re-entrancy: the connection may have closed during the await, and the code below
        // force-unwraps it.
        guard let connection = cryptoCom[id] else { return }
        guard let request = try? JSONField(JSONParser.parse(text)), case .object = request.value else {
            return sendCryptoCom(
                id, CryptoComFrames.reply(id: -1, method: "ERROR", code: 40001, message: "BAD_REQUEST"), faults: faults)
        }
        let method = (try? request.optional("method")?.string()) ?? ""
        let requestId = (try? request.optional("id")?.int64()) ?? -1
        let wallNow = Self.wallMs()
        switch method {
        case CryptoComRequest.respondHeartbeatMethod:
            if let pending = connection.pendingHeartbeat, pending.id == requestId {
                cryptoCom[id]!.pendingHeartbeat = nil
                stats.heartbeatsAnswered += 1
            }
        case CryptoComRequest.subscribeMethod, CryptoComRequest.unsubscribeMethod:
            if !cryptoCom[id]!.admitRequest(wallMs: wallNow, perSecond: configuration.requestsPerSecond) {
                stats.rateLimitedRequests += 1
                return sendCryptoCom(
                    id, CryptoComFrames.reply(id: requestId, method: method, code: 42901, message: "TOO_MANY_REQUESTS"),
                    faults: faults)
            }
            if wallNow - connection.openedWallMs < configuration.earlyRequestWindowMs {
                stats.earlyRequestsRefused += 1
                return sendCryptoCom(
                    id, CryptoComFrames.reply(id: requestId, method: method, code: 42901, message: "TOO_MANY_REQUESTS"),
                    faults: faults)
            }
            if let nonce = try? request.optional("nonce")?.int64(), !(wallNow - 60_000...wallNow + 60_000).contains(nonce) {
                return sendCryptoCom(
                    id, CryptoComFrames.reply(id: requestId, method: method, code: 40102, message: "INVALID_NONCE"),
                    faults: faults)
            }
            guard let names = try? request.field("params").field("channels").array().map({ try $0.string() }), !names.isEmpty
            else {
                return sendCryptoCom(
                    id, CryptoComFrames.reply(id: requestId, method: method, code: 40004, message: "channels required"),
                    faults: faults)
            }
            var parsed: [(String, FakeCryptoComChannel)] = []
            for name in names {
                guard let channel = FakeCryptoComChannel(parsing: name) else {
                    return sendCryptoCom(
                        id,
                        CryptoComFrames.reply(id: requestId, method: method, code: 10004, message: "invalid channel {\(name)}"),
                        faults: faults)
                }
                parsed.append((name, channel))
            }
            if method == CryptoComRequest.unsubscribeMethod {
                for (name, _) in parsed {
                    cryptoCom[id]!.channels[name] = nil
                    cryptoCom[id]!.books[name] = nil
                }
                return sendCryptoCom(id, CryptoComFrames.reply(id: requestId, method: method), faults: faults)
            }
            stats.subscribeRequests += 1
            await subscribeCryptoCom(id, requestId: requestId, channels: parsed, faults: faults)
        default:
            sendCryptoCom(
                id, CryptoComFrames.reply(id: requestId, method: method, code: 40003, message: "INVALID_REQUEST"), faults: faults)
        }
    }

    /// Confirms, then sends each channel's first data with the request's id (reference §1: the
    /// trade channel's first message is the last 50 trades; a book starts with a snapshot).
    private func subscribeCryptoCom(_ id: Int, requestId: Int64, channels: [(String, FakeCryptoComChannel)], faults: FaultPlan)
        async
    {
        let now = clock.nowMs()
        var samples: [SignalAsset: MarketSample] = [:]
        for asset in Set(channels.map(\.1.asset)) { samples[asset] = await recent(asset, nowMs: now) }
        guard cryptoCom[id] != nil else { return }
        if let missing = channels.first(where: { samples[$0.1.asset] == nil }) {
            // The asset is not part of this scenario.
            let reply = CryptoComFrames.reply(
                id: requestId, method: CryptoComRequest.subscribeMethod, code: 209, message: "INVALID_INSTRUMENT \(missing.0)")
            return sendCryptoCom(id, reply, faults: faults)
        }
        sendCryptoCom(id, CryptoComFrames.reply(id: requestId, method: CryptoComRequest.subscribeMethod), faults: faults)
        for (name, channel) in channels {
            guard cryptoCom[id] != nil, let sample = samples[channel.asset] else { continue }
            cryptoCom[id]!.channels[name] = channel
            publish(id, name: name, channel: channel, sample: sample, faults: faults, initial: requestId)
        }
    }

    // MARK: Publishing

    /// One step of a connection: heartbeat bookkeeping, then whatever changed on its channels.
    public func stepCryptoCom(_ id: Int) async {
        guard let connection = cryptoCom[id] else { return }
        let wallNow = Self.wallMs()
        if let pending = connection.pendingHeartbeat, wallNow > pending.deadlineMs {
            stats.heartbeatDisconnects += 1
            return closeCryptoCom(id, reason: "heartbeat not answered")
        }
        let faults = await effectiveFaults()
        guard cryptoCom[id] != nil else { return }
        if cryptoCom[id]!.pendingHeartbeat == nil, wallNow >= cryptoCom[id]!.nextHeartbeatMs {
            // The reference's heartbeat ids look like millisecond timestamps.
            cryptoCom[id]!.pendingHeartbeat = (wallNow, wallNow + configuration.heartbeatTimeoutMs)
            cryptoCom[id]!.nextHeartbeatMs = wallNow + configuration.heartbeatIntervalMs
            stats.heartbeatsSent += 1
            sendCryptoCom(id, CryptoComFrames.heartbeat(id: wallNow), faults: faults)
        }
        guard !faults.frozen, let channels = cryptoCom[id]?.channels, !channels.isEmpty else { return }
        let now = clock.nowMs()
        var samples: [SignalAsset: MarketSample] = [:]
        for asset in Set(channels.values.map(\.asset)) { samples[asset] = await recent(asset, nowMs: now) }
        for (name, channel) in channels.sorted(by: { $0.key < $1.key }) {
            guard cryptoCom[id]?.channels[name] != nil, let sample = samples[channel.asset] else { continue }
            publish(id, name: name, channel: channel, sample: sample, faults: faults, initial: nil)
        }
    }

    /// `initial`: the subscribe request's id when this is the channel's first data.
    private func publish(
        _ id: Int, name: String, channel: FakeCryptoComChannel, sample: MarketSample, faults: FaultPlan, initial: Int64?
    ) {
        let pushId = initial ?? -1
        let instrument = channel.instrument
        func push(_ family: String, extra: String = "", _ data: [String]) {
            sendCryptoCom(
                id,
                CryptoComFrames.push(
                    id: pushId, instrument: instrument, subscription: name, channel: family, extra: extra, data: data),
                faults: faults)
        }
        switch channel {
        case .index:
            guard initial != nil || sample.second > cryptoCom[id]!.lastIndexSecond[name] ?? Int64.min else { return }
            cryptoCom[id]!.lastIndexSecond[name] = sample.second
            push("index", [CryptoComFrames.value(sample.current, timeMs: sample.second * 1_000)])
        case .ticker:
            let mid = sample.current
            guard initial != nil || mid != cryptoCom[id]!.lastTickerMid[name] else { return }
            cryptoCom[id]!.lastTickerMid[name] = mid
            let last = trade(second: sample.second - 1, sample: sample)?.price ?? mid
            push(
                "ticker",
                [
                    CryptoComFrames.ticker(
                        instrument: instrument, bid: mid - configuration.halfSpread, ask: mid + configuration.halfSpread,
                        last: last,
                        publishMs: sample.nowMs, high: sample.prices.max()!, low: sample.prices.min()!)
                ])
        case .trade:
            let newest = sample.second - 1
            let from = initial != nil ? newest - 49 : max(newest - 49, (cryptoCom[id]!.lastTradeSecond[name] ?? newest - 1) + 1)
            cryptoCom[id]!.lastTradeSecond[name] = newest
            guard from <= newest else { return }
            // Newest first: the order inside `data` is not documented, so clients must sort.
            let trades = stride(from: newest, through: from, by: -1).compactMap { trade(second: $0, sample: sample) }
            guard !trades.isEmpty else { return }
            push("trade", trades.map { CryptoComFrames.trade($0, instrument: instrument) })
        case .candlestick(_, let intervalMs, let label):
            let start = FakeSignalFeed.floorDiv(sample.nowMs, intervalMs) * intervalMs
            var data: [String] = []
            if let previousStart = cryptoCom[id]!.lastCandleStart[name], previousStart < start,
                let previous = sample.candle(startMs: start - intervalMs, intervalMs: intervalMs)
            {
                data.append(
                    CryptoComFrames.candle(
                        previous, volume: AssetAmount(units: Int64(previous.observations) * 1_000_000), quotedTime: false))
            }
            cryptoCom[id]!.lastCandleStart[name] = start
            guard let current = sample.candle(startMs: start, intervalMs: intervalMs) else { return }
            data.append(
                CryptoComFrames.candle(
                    current, volume: AssetAmount(units: Int64(current.observations) * 1_000_000), quotedTime: false))
            push("candlestick", extra: #","interval":\#(JSONText.quoted(label))"#, data)
        case .book(_, let depth):
            publishBook(id, name: name, depth: depth, sample: sample, faults: faults, snapshot: initial != nil, push: push)
        }
    }

    private func publishBook(
        _ id: Int, name: String, depth: Int, sample: MarketSample, faults: FaultPlan, snapshot: Bool,
        push: (String, String, [String]) -> Void
    ) {
        let wallNow = Self.wallMs()
        let ladder = FakeBookLadder(
            price: sample.current, depth: depth, second: sample.second, halfSpread: configuration.halfSpread,
            step: configuration.levelStep)
        let extra = #","depth":\#(depth)"#
        guard !snapshot, let stream = cryptoCom[id]!.books[name] else {
            if cryptoCom[id]!.books[name] != nil { stats.bookResubscribes += 1 }
            let updateId = (cryptoCom[id]!.books[name]?.updateId ?? sample.second * 1_000) + 1
            cryptoCom[id]!.books[name] = FakeBookStream(updateId: updateId, ladder: ladder, lastSentWallMs: wallNow)
            push("book", extra, [CryptoComFrames.bookSnapshot(ladder, publishMs: sample.nowMs, updateId: updateId)])
            return
        }
        let changes = ladder.changes(from: stream.ladder)
        guard
            !changes.bids.isEmpty || !changes.asks.isEmpty
                || wallNow - stream.lastSentWallMs >= configuration.emptyBookDeltaAfterMs
        else {
            return
        }
        var previous = stream.updateId
        var updateId = stream.updateId + 1
        if breakNextBookDelta {
            breakNextBookDelta = false
            previous -= 1
        } else if draw(faults.gapRate) {
            // The delta claims a predecessor the client never got.
            previous += 1
            updateId += 1
        }
        cryptoCom[id]!.books[name] = FakeBookStream(updateId: updateId, ladder: ladder, lastSentWallMs: wallNow)
        if draw(faults.dropRate) { return }
        let frame = CryptoComFrames.bookUpdate(
            bids: changes.bids, asks: changes.asks, publishMs: sample.nowMs, updateId: updateId, previous: previous)
        push("book.update", extra, [frame])
        if draw(faults.duplicateRate) { push("book.update", extra, [frame]) }
    }
}
