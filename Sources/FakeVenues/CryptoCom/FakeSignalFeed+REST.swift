import KalshiCore
import SignalFeeds

extension FakeSignalFeed {
    /// A REST answer: HTTP status and JSON body.
    public struct RESTResponse: Sendable, Equatable {
        public var status: Int
        public var body: String
    }

    /// `GET /exchange/v1/public/<method>` (reference §3), with the venue's envelope: string
    /// `code` and `id` and string timestamps as in the reference's REST examples.
    public func handleREST(method: String, query: [String: String]) async -> RESTResponse {
        switch method {
        case "get-candlestick": return await candlestick(query)
        case "get-tickers": return await tickers(query)
        case "get-book": return await book(query)
        case "get-instruments": return instruments()
        default: return Self.restError(status: 404, method: "public/\(method)", code: 40401, message: "NOT_FOUND")
        }
    }

    static func restError(status: Int, method: String, code: Int, message: String) -> RESTResponse {
        RESTResponse(
            status: status,
            body: #"{"id":"1","method":\#(JSONText.quoted(method)),"code":"\#(code)","message":\#(JSONText.quoted(message))}"#)
    }

    /// Query: `instrument_name` (required), `timeframe` (default 1m), `count` (default 25, at most
    /// 300), `start_ts`/`end_ts` (epoch ms; default one day ago / now). The newest `count` candles
    /// of the window, the last one still forming when the window reaches now.
    private func candlestick(_ query: [String: String]) async -> RESTResponse {
        let method = "public/get-candlestick"
        guard let instrument = query["instrument_name"],
            let asset = SignalAsset.allCases.first(where: { $0.cryptoComInstrument == instrument })
        else {
            return Self.restError(
                status: 400, method: method, code: 209, message: "INVALID_INSTRUMENT \(query["instrument_name"] ?? "(missing)")")
        }
        let timeframe = query["timeframe"] ?? "1m"
        guard let intervalMs = FakeCryptoComChannel.timeframes[timeframe] else {
            return Self.restError(status: 400, method: method, code: 40004, message: "unsupported timeframe \(timeframe)")
        }
        let now = clock.nowMs()
        guard let count = Int(query["count"] ?? "25"), count > 0,
            let endMs = query["end_ts"].map({ Int64($0) }) ?? now,
            let startMs = query["start_ts"].map({ Int64($0) }) ?? endMs - 86_400_000
        else {
            return Self.restError(status: 400, method: method, code: 40004, message: "invalid count, start_ts or end_ts")
        }
        let capped = min(count, 300)
        let from = max(startMs, endMs - Int64(capped) * intervalMs)
        guard let candles = await candles(asset, intervalMs: intervalMs, fromMs: from, toMs: endMs, nowMs: now) else {
            return Self.restError(status: 400, method: method, code: 209, message: "INVALID_INSTRUMENT \(instrument)")
        }
        let data = candles.suffix(capped).map {
            CryptoComFrames.candle($0, volume: AssetAmount(units: Int64($0.observations) * 1_000_000), quotedTime: true)
        }
        return RESTResponse(
            status: 200,
            body:
                #"{"id":"1","method":"\#(method)","code":"0","result":{"interval":\#(JSONText.quoted(timeframe)),"instrument_name":\#(JSONText.quoted(instrument)),"data":[\#(data.joined(separator: ","))]}}"#
        )
    }

    /// Query: `instrument_name` and `depth` (1…50), both required (reference §3.2). The same
    /// ladder the WebSocket book shows at this second; levels are `[price, size, numOrders]`.
    private func book(_ query: [String: String]) async -> RESTResponse {
        let method = "public/get-book"
        guard let instrument = query["instrument_name"],
            let asset = SignalAsset.allCases.first(where: { $0.cryptoComInstrument == instrument })
        else {
            return Self.restError(
                status: 400, method: method, code: 209, message: "INVALID_INSTRUMENT \(query["instrument_name"] ?? "(missing)")")
        }
        guard let depth = query["depth"].flatMap({ Int($0) }), (1...50).contains(depth) else {
            return Self.restError(status: 400, method: method, code: 40004, message: "depth must be 1...50")
        }
        let now = clock.nowMs()
        guard let sample = await recent(asset, nowMs: now, window: 1) else {
            return Self.restError(status: 400, method: method, code: 209, message: "INVALID_INSTRUMENT \(instrument)")
        }
        let ladder = FakeBookLadder(
            price: sample.current, depth: depth, second: sample.second, halfSpread: configuration.halfSpread,
            step: configuration.levelStep)
        let side = { (levels: [(Money, AssetAmount)]) in
            "[" + levels.map { "[\(CryptoComFrames.price($0.0)),\(CryptoComFrames.size($0.1)),\"0\"]" }.joined(separator: ",") + "]"
        }
        return RESTResponse(
            status: 200,
            body:
                #"{"id":"1","method":"\#(method)","code":"0","result":{"depth":"\#(depth)","instrument_name":\#(JSONText.quoted(instrument)),"data":[{"asks":\#(side(ladder.sortedAsks)),"bids":\#(side(ladder.sortedBids)),"t":\#(now)}]}}"#
        )
    }

    /// The instruments the fake quotes, with their tick sizes (what a client reads once at start).
    private func instruments() -> RESTResponse {
        let data = SignalAsset.allCases.map { asset in
            let symbol = asset.cryptoComInstrument
            let base = symbol.split(separator: "_").first.map(String.init) ?? symbol
            return
                #"{"symbol":\#(JSONText.quoted(symbol)),"inst_type":"CCY_PAIR","display_name":\#(JSONText.quoted(base + "/USD")),"base_ccy":\#(JSONText.quoted(base)),"quote_ccy":"USD","quote_decimals":2,"quantity_decimals":4,"price_tick_size":\#(JSONText.quoted(configuration.levelStep.formatted(decimals: 2))),"qty_tick_size":"0.0001","tradable":true}"#
        }
        return RESTResponse(
            status: 200,
            body: #"{"id":"1","method":"public/get-instruments","code":"0","result":{"data":[\#(data.joined(separator: ","))]}}"#)
    }

    private func tickers(_ query: [String: String]) async -> RESTResponse {
        let assets =
            query["instrument_name"].map { name in SignalAsset.allCases.filter { $0.cryptoComInstrument == name } }
            ?? SignalAsset.allCases
        let now = clock.nowMs()
        var data: [String] = []
        for asset in assets {
            guard let sample = await recent(asset, nowMs: now, window: 61) else { continue }
            data.append(
                CryptoComFrames.ticker(
                    instrument: asset.cryptoComInstrument, bid: sample.current - configuration.halfSpread,
                    ask: sample.current + configuration.halfSpread, last: sample.current, publishMs: now,
                    high: sample.prices.max()!,
                    low: sample.prices.min()!))
        }
        return RESTResponse(
            status: 200,
            body: #"{"id":"1","method":"public/get-tickers","code":"0","result":{"data":[\#(data.joined(separator: ","))]}}"#)
    }
}
