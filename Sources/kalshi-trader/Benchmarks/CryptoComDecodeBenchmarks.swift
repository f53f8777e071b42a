import SignalFeeds

/// Crypto.com market-data frames through `CryptoComDecoder`, the signal session's decoder: book
/// deltas, tickers, trades and index values in equal parts, shaped like the venue's
/// (crypto-feeds.md §2). Per op: one frame.
enum CryptoComDecodeBenchmarks {
    static let frames = 20_000

    static func decode() -> Benchmark {
        let texts = (0..<frames).map(text)
        return Benchmark(name: "cryptocom.decode", operations: texts.count) {
            var checksum: Int64 = 0
            for text in texts {
                guard case .push(let push)? = try? CryptoComDecoder.decode(text) else {
                    preconditionFailure("benchmark frame must decode: \(text)")
                }
                switch push.payload {
                case .bookUpdate(let updates): checksum &+= updates.first?.updateId ?? 0
                case .ticker(let tickers): checksum &+= tickers.first?.bestBid?.micros ?? 0
                case .trades(let trades): checksum &+= trades.first?.price.micros ?? 0
                case .values(let values): checksum &+= values.first?.value.micros ?? 0
                default: preconditionFailure("unexpected payload for \(text)")
                }
            }
            return checksum
        }
    }

    static func text(_ index: Int) -> String {
        let cents = 300_000 + index % 5_000
        let price = "\(cents / 100).\(cents % 100 < 10 ? "0" : "")\(cents % 100)"
        let timeMs = 1_764_860_000_000 + index * 10
        let head = #"{"id":-1,"method":"subscribe","code":0,"result":{"instrument_name":"ETH_USD","#
        switch index % 4 {
        case 0:
            return head
                + #""subscription":"book.ETH_USD.50","channel":"book.update","depth":50,"data":[{"update":{"asks":[["\#(price)","1.2500","2"],["\#(price)1","0","0"]],"bids":[["\#(price)","0.5000","1"]]},"t":\#(timeMs),"tt":\#(timeMs),"u":\#(index + 2),"pu":\#(index + 1),"cs":12345}]}}"#
        case 1:
            return head
                + #""subscription":"ticker.ETH_USD","channel":"ticker","data":[{"h":"3100.00","l":"2900.00","a":"\#(price)","c":"0.0100","b":"\#(price)","bs":"1.5000","k":"\#(price)","ks":"2.0000","i":"ETH_USD","v":"1000.0000","vv":"3000000.00","oi":"0","t":\#(timeMs)}]}}"#
        case 2:
            return head
                + #""subscription":"trade.ETH_USD","channel":"trade","data":[{"d":"\#(4_000_000 + index)","t":\#(timeMs),"p":"\#(price)","q":"0.0150","s":"BUY","i":"ETH_USD","m":"\#(index)"}]}}"#
        default:
            return #"{"id":-1,"method":"subscribe","code":0,"result":{"instrument_name":"ETHUSD-INDEX","subscription":"index.ETHUSD-INDEX","channel":"index","data":[{"v":"\#(price)12","t":\#(timeMs)}]}}"#
        }
    }
}
