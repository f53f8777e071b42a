import Foundation
import KalshiAPI
import KalshiCore

/// Kalshi's `cfbenchmarks_value` channel (reference §2.6): once a second, for each subscribed
/// index (`ETHUSD_RTI`, `BRTI`), the scenario's underlying value rounded to the cent as an index
/// publishes it, with the trailing 60 s average the hourly markets settle on. The channel needs
/// an entitlement: a key outside `FakeKalshiConfiguration.indexReaders` is refused (code 9).
extension FakeKalshiExchange {
    static let indexChannel = "cfbenchmarks_value"
    /// Index id → asset of the scenario.
    static let indexAssets = ["ETHUSD_RTI": "ETH", "BRTI": "BTC"]

    func subscribeIndex(_ id: Int, commandId: Int?, params: [String: Any]) {
        guard let connection = connections[id] else { return }
        guard let owner = connection.owner else {
            return send(id, WireFrames.error(id: commandId, code: 9, message: "Authentication required"))
        }
        if let readers = configuration.indexReaders, !readers.contains(owner) {
            return send(id, WireFrames.error(id: commandId, code: 9, message: "Not entitled to cfbenchmarks_value"))
        }
        guard let ids = params["index_ids"] as? [String], !ids.isEmpty else {
            return send(id, WireFrames.error(id: commandId, code: 24, message: "Index IDs required"))
        }
        let wanted = ids.contains("all") ? Set(FakeKalshiExchange.indexAssets.keys) : Set(ids)
        let sid: Int
        if let existing = connection.sid(for: FakeKalshiExchange.indexChannel) {
            sid = existing
            connections[id]?.subscriptions[sid]?.tickers.formUnion(wanted)
        } else {
            sid = connection.nextSid
            connections[id]?.nextSid += 1
            connections[id]?.subscriptions[sid] = FeedConnection.Subscription(channel: FakeKalshiExchange.indexChannel, tickers: wanted)
        }
        send(id, WireFrames.subscribed(id: commandId, channel: FakeKalshiExchange.indexChannel, sid: sid))
    }

    /// Publishes each index's value once per scenario second.
    func publishIndexValues(_ now: Int64) {
        let second = now / 1_000
        guard second > lastIndexSecond else { return }
        lastIndexSecond = second
        guard !faults.frozen else { return }
        for id in connections.keys.sorted() {
            guard let sid = connections[id]?.sid(for: FakeKalshiExchange.indexChannel),
                let wanted = connections[id]?.subscriptions[sid]?.tickers
            else { continue }
            for indexId in wanted.sorted() {
                guard let asset = FakeKalshiExchange.indexAssets[indexId], underlyings[asset] != nil,
                    let seq = connections[id]?.nextSeq(sid)
                else { continue }
                let timeMs = second * 1_000
                let value = FakeKalshiExchange.settlementAverage([underlyings[asset]!.price(atMs: timeMs)])
                // The trailing 60 s: the values of the 60 seconds before this one.
                let window = (1...60).map { underlyings[asset]!.price(atMs: timeMs - Int64($0) * 1_000) }
                let average = FakeKalshiExchange.settlementAverage(window)
                let data = #"{"type":"value","id":"\#(indexId)","time":\#(timeMs),"value":"\#(value.formatted(decimals: 2))"}"#
                let frame =
                    #"{"type":"cfbenchmarks_value","sid":\#(sid),"seq":\#(seq),"msg":{"index_id":"\#(indexId)","received_at":\#(timeMs + 5),"data":\#(JSONLineWriter.quote(data)),"avg_60s_data":{"value":"\#(average.formatted(decimals: 6))","window_size":60,"window_start_ts_ms":\#(timeMs - 60_000),"window_end_ts_exclusive":\#(timeMs)}}}"#
                send(id, frame)
            }
        }
    }
}
