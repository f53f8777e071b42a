import KalshiAPI
import KalshiCore

/// The frames of the account and market channels the live feed decodes besides books — fills,
/// order updates, tickers and trades in equal parts — through `KalshiFrameDecoder`, the feed's
/// entry (the book fast path declines them; the reference decoder parses each once).
enum ChannelFrameBenchmarks {
    static let frames = 10_000

    static func decode() -> Benchmark {
        let texts = (0..<frames).map(text)
        return Benchmark(name: "kalshi.decode_channel_frames", operations: texts.count) {
            var checksum: Int64 = 0
            for text in texts {
                switch try? KalshiFrameDecoder.decode(text) {
                case .fill(_, let fill): checksum &+= fill.countFp.units
                case .userOrder(_, let order): checksum &+= order.remainingCountFp.units
                case .ticker(_, let ticker): checksum &+= ticker.yesBidDollars?.ticks ?? 0
                case .trade(_, let seq, let trade): checksum &+= (seq ?? 0) &+ trade.countFp.units
                default: preconditionFailure("benchmark frame must decode: \(text)")
                }
            }
            return checksum
        }
    }

    /// Frame `index` of the mix, shaped like the exchange's (reference §2.5–2.6).
    static func text(_ index: Int) -> String {
        let cents = 10 + index % 80
        let ticker = "KXETHD-26DEC0417-T\(3_000 + index % 40 * 20 - 1).99"
        let timeMs = 1_764_860_000_000 + Int64(index) * 37
        switch index % 4 {
        case 0:
            return #"{"type":"fill","sid":13,"msg":{"trade_id":"t-\#(index)","order_id":"o-\#(index)","market_ticker":"\#(ticker)","is_taker":true,"side":"yes","action":"buy","book_side":"bid","yes_price_dollars":"0.\#(cents)00","count_fp":"\#(1 + index % 9).00","fee_cost":"0.0\#(index % 10)00","post_position_fp":"\#(index % 50).00","client_order_id":"c-\#(index)","ts_ms":\#(timeMs)}}"#
        case 1:
            return #"{"type":"user_order","sid":14,"msg":{"order_id":"o-\#(index)","ticker":"\#(ticker)","status":"resting","book_side":"bid","yes_price_dollars":"0.\#(cents)00","initial_count_fp":"10.00","fill_count_fp":"\#(index % 10).00","remaining_count_fp":"\#(10 - index % 10).00","taker_fees_dollars":"0.0000","maker_fees_dollars":"0.0000","client_order_id":"c-\#(index)","last_updated_ts_ms":\#(timeMs)}}"#
        case 2:
            return #"{"type":"ticker","sid":1,"msg":{"market_ticker":"\#(ticker)","price_dollars":"0.\#(cents)00","yes_bid_dollars":"0.\#(cents)00","yes_ask_dollars":"0.\#(cents + 1)00","volume_fp":"\#(index).00","open_interest_fp":"892.00","yes_bid_size_fp":"14.00","yes_ask_size_fp":"84.00","ts":\#(timeMs / 1_000)}}"#
        default:
            return #"{"type":"trade","sid":2,"seq":\#(index),"msg":{"trade_id":"tr-\#(index)","market_ticker":"\#(ticker)","yes_price_dollars":"0.\#(cents)00","no_price_dollars":"0.\#(100 - cents)00","count_fp":"\#(1 + index % 90).00","taker_side":"yes","ts":\#(timeMs / 1_000)}}"#
        }
    }
}
