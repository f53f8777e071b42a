import KalshiCore
import SignalFeeds

extension FakeSignalFeed {
    public func openCoinbase() -> (id: Int, frames: AsyncStream<FakeFrame>) {
        let (stream, sink) = AsyncStream<FakeFrame>.makeStream(bufferingPolicy: .unbounded)
        let id = nextConnectionId
        nextConnectionId += 1
        coinbase[id] = CoinbaseConnection(id: id, sink: sink, openedWallMs: Self.wallMs())
        stats.coinbaseConnections += 1
        return (id, stream)
    }

    func closeCoinbase(_ id: Int, reason: String) {
        guard let connection = coinbase.removeValue(forKey: id) else { return }
        connection.sink.yield(.close(reason: reason))
        connection.sink.finish()
    }

    public func disconnectedCoinbase(_ id: Int) {
        coinbase.removeValue(forKey: id)?.sink.finish()
    }

    func sendCoinbase(_ id: Int, _ text: String, faults: FaultPlan) {
        guard coinbase[id] != nil else { return }
        coinbase[id]!.sink.yield(.text(text))
        coinbase[id]!.framesSent += 1
        stats.framesSent += 1
        if faults.disconnectAfterFrames > 0, coinbase[id]!.framesSent >= faults.disconnectAfterFrames {
            closeCoinbase(id, reason: "disconnect fault after \(faults.disconnectAfterFrames) frames")
        }
    }

    /// `{"type":"subscribe","product_ids":[…],"channels":[…]}`; channels may be names or
    /// `{"name":…,"product_ids":[…]}` objects.
    public func handleCoinbase(_ id: Int, text: String) async {
        guard coinbase[id] != nil else { return }
        let faults = await effectiveFaults()
        // Actor re-entrancy: the connection may have closed during the await, and the code below
        // force-unwraps it.
        guard coinbase[id] != nil else { return }
        guard let request = try? JSONField(JSONParser.parse(text)), let type = try? request.field("type").string() else {
            return sendCoinbase(id, CoinbaseFrames.error("Failed to subscribe", reason: "malformed JSON"), faults: faults)
        }
        guard type == "subscribe" || type == "unsubscribe" else {
            return sendCoinbase(
                id, CoinbaseFrames.error("Failed to subscribe", reason: "\(type) is not a valid message type"), faults: faults)
        }
        var products = (try? request.optional("product_ids")?.array().map { try $0.string() }) ?? []
        var channels: [String] = []
        for channel in (try? request.optional("channels")?.array()) ?? [] {
            if let name = try? channel.string() {
                channels.append(name)
            } else if let name = try? channel.field("name").string() {
                channels.append(name)
                products += (try? channel.optional("product_ids")?.array().map { try $0.string() }) ?? []
            }
        }
        var assets: Set<SignalAsset> = []
        for product in products {
            guard let asset = SignalAsset.allCases.first(where: { $0.coinbaseProduct == product }) else {
                return sendCoinbase(
                    id, CoinbaseFrames.error("Failed to subscribe", reason: "\(product) is not a valid product"), faults: faults)
            }
            assets.insert(asset)
        }
        for channel in channels where !CoinbaseFrames.channels.contains(channel) {
            return sendCoinbase(
                id, CoinbaseFrames.error("Failed to subscribe", reason: "\(channel) is not a valid channel"), faults: faults)
        }
        if type == "unsubscribe" {
            coinbase[id]!.products.subtract(assets)
            coinbase[id]!.channels.subtract(channels)
        } else {
            guard !assets.isEmpty, !channels.isEmpty else {
                return sendCoinbase(
                    id, CoinbaseFrames.error("Failed to subscribe", reason: "product_ids and channels are required"),
                    faults: faults)
            }
            coinbase[id]!.products.formUnion(assets)
            coinbase[id]!.channels.formUnion(channels)
            stats.subscribeRequests += 1
        }
        let connection = coinbase[id]!
        sendCoinbase(
            id,
            CoinbaseFrames.subscriptions(
                Array(connection.channels), products: connection.products.map(\.coinbaseProduct).sorted()),
            faults: faults)
        guard type == "subscribe", channels.contains("matches") else { return }
        // The first message of the matches channel is the last trade before subscribing.
        let now = clock.nowMs()
        for asset in assets.sorted(by: { $0.rawValue < $1.rawValue }) {
            guard let sample = await recent(asset, nowMs: now, window: 3), coinbase[id] != nil,
                let last = trade(second: sample.second - 1, sample: sample)
            else { continue }
            coinbase[id]!.lastTradeSecond[asset] = sample.second - 1
            sendCoinbase(id, CoinbaseFrames.match(last, product: asset.coinbaseProduct, last: true), faults: faults)
        }
    }

    public func stepCoinbase(_ id: Int) async {
        guard let connection = coinbase[id] else { return }
        let wallNow = Self.wallMs()
        if !connection.isSubscribed {
            if wallNow - connection.openedWallMs > configuration.coinbaseSubscribeTimeoutMs {
                stats.subscribeTimeouts += 1
                closeCoinbase(id, reason: "no subscribe within \(configuration.coinbaseSubscribeTimeoutMs) ms")
            }
            return
        }
        let faults = await effectiveFaults()
        let now = clock.nowMs()
        for asset in connection.products.sorted(by: { $0.rawValue < $1.rawValue }) {
            guard let sample = await recent(asset, nowMs: now, window: 52), let current = coinbase[id] else { return }
            let product = asset.coinbaseProduct
            let newest = sample.second - 1
            if !faults.frozen, current.channels.contains("ticker") || current.channels.contains("matches") {
                let from = max(newest - 49, (current.lastTradeSecond[asset] ?? newest - 1) + 1)
                coinbase[id]!.lastTradeSecond[asset] = newest
                if from <= newest {
                    for second in from...newest {
                        guard let trade = trade(second: second, sample: sample), let price = sample.price(second: second) else {
                            continue
                        }
                        if current.channels.contains("ticker") {
                            let bid = (price - configuration.halfSpread).formatted(decimals: 2)
                            let ask = (price + configuration.halfSpread).formatted(decimals: 2)
                            sendCoinbaseData(
                                id, CoinbaseFrames.ticker(trade, product: product, bid: bid, ask: ask), faults: faults)
                        }
                        if current.channels.contains("matches") {
                            sendCoinbaseData(id, CoinbaseFrames.match(trade, product: product, last: false), faults: faults)
                        }
                    }
                }
            }
            // The heartbeat channel keeps beating while prices are frozen: the connection is alive, the data is not.
            if current.channels.contains("heartbeat"),
                wallNow - current.lastHeartbeatWallMs >= configuration.coinbaseHeartbeatIntervalMs
            {
                coinbase[id]?.lastHeartbeatWallMs = wallNow
                sendCoinbase(
                    id,
                    CoinbaseFrames.heartbeat(
                        product: product, lastTrade: coinbase[id]?.lastTradeSecond[asset] ?? newest, timeMs: now), faults: faults)
            }
        }
    }

    /// Market data goes through the drop/duplicate faults (the client dedupes by sequence).
    private func sendCoinbaseData(_ id: Int, _ text: String, faults: FaultPlan) {
        if draw(faults.dropRate) { return }
        sendCoinbase(id, text, faults: faults)
        if draw(faults.duplicateRate) { sendCoinbase(id, text, faults: faults) }
    }
}
