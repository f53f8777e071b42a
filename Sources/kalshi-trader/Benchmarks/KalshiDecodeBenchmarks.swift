import KalshiAPI
import KalshiCore

/// Decoding Kalshi WebSocket frames from raw text and applying them to the books: the market-data
/// hot path, end to end. Goal: ≤ 1 µs per `orderbook_delta` frame.
enum KalshiDecodeBenchmarks {
    static let frames = 100_000
    /// The general decoder is ~10× slower; fewer frames keep its passes short.
    static let referenceFrames = 10_000

    /// Per op: one raw `orderbook_delta` text → `BookFrameScanner` (fast path) → `BookSynchronizer`.
    static func decodeApplyDelta() -> Benchmark {
        let stream = DeltaTextStream(frames: frames, seed: 0xDEC0DE)
        return Benchmark(name: "kalshi.decode_apply_delta", operations: stream.texts.count) {
            var synchronizer = stream.synchronizer
            var checksum: Int64 = 0
            for text in stream.texts {
                let frame: FastBookFrame?
                do {
                    frame = try BookFrameScanner.scan(text)
                } catch {
                    preconditionFailure("benchmark frame must decode: \(error)")
                }
                guard let frame, case .delta(_, let seq?, let update) = frame else {
                    preconditionFailure("benchmark frame must take the fast path: \(text)")
                }
                let action = synchronizer.apply(frame.bookFeedEvent)
                precondition(action == .none, "the benchmark stream must stay valid: \(action)")
                checksum &+= seq ^ (update.delta.price.ticks &* 31 &+ update.delta.delta.units)
            }
            return checksum &+ stream.topOfBookChecksum(synchronizer)
        }
    }

    /// The same work through the general decoder (`KalshiWSDecoder`, Foundation's JSONSerialization),
    /// for comparison.
    static func decodeApplyDeltaReference() -> Benchmark {
        let stream = DeltaTextStream(frames: referenceFrames, seed: 0xDEC0DE)
        return Benchmark(name: "kalshi.decode_apply_delta_reference", operations: stream.texts.count) {
            var synchronizer = stream.synchronizer
            var checksum: Int64 = 0
            for text in stream.texts {
                let message: KalshiWSMessage
                do {
                    message = try KalshiWSDecoder.decode(text)
                } catch {
                    preconditionFailure("benchmark frame must decode: \(error)")
                }
                guard let event = message.bookFeedEvent, case .delta(_, let seq?, _, let delta) = event else {
                    preconditionFailure("benchmark frame must be a delta: \(text)")
                }
                let action = synchronizer.apply(event)
                precondition(action == .none, "the benchmark stream must stay valid: \(action)")
                checksum &+= seq ^ (delta.price.ticks &* 31 &+ delta.delta.units)
            }
            return checksum &+ stream.topOfBookChecksum(synchronizer)
        }
    }
}

/// A reproducible, always-valid `orderbook_delta` stream on one subscription, as raw frame texts like
/// the exchange sends them: eight hourly BTC markets snapshotted with seq 1…8, then deltas with
/// contiguous seq interleaved across markets, concentrated near the touch, with whole and fractional
/// sizes; both legs bid at most 0.49 so no book ever crosses.
struct DeltaTextStream {
    static let markets = 8
    static let centsRange = 30...49

    /// Books after the snapshots (decoded from their texts on the fast path).
    let synchronizer: BookSynchronizer
    let texts: [String]
    /// The snapshots that start the stream (seq 1…8), already applied to `synchronizer`.
    let snapshotTexts: [String]
    let tickers: [String]

    init(frames: Int, seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let tickers = (0..<Self.markets).map { "KXBTCD-26APR1817-T\(76_000 + 250 * $0)" }
        let marketIds = tickers.indices.map { index in
            "40b92a88-8bde-4a7e-9d41-\(String(0xDA97_9865_AE00 + UInt64(index), radix: 16))"
        }
        // sizes[market][leg][cents] in 1/100 contract.
        var sizes = [[[Int64]]](
            repeating: [[Int64]](repeating: [Int64](repeating: 0, count: 100), count: 2), count: Self.markets)
        var synchronizer = BookSynchronizer(grids: Dictionary(uniqueKeysWithValues: tickers.map { ($0, PriceGrid.linearCent) }))
        _ = synchronizer.apply(.subscribed(sid: 1))
        var seq: Int64 = 0
        var snapshotTexts: [String] = []
        for market in 0..<Self.markets {
            var sides: [String] = []
            for leg in 0..<2 {
                var levels: [String] = []
                for cents in Self.centsRange {
                    let units =
                        Int64(random.next(upTo: 500) + 1) * 100 + Int64(random.next(upTo: 4) == 0 ? random.next(upTo: 100) : 0)
                    sizes[market][leg][cents] = units
                    levels.append(#"["\#(Self.price(cents))","\#(Self.count(units))"]"#)
                }
                sides.append(levels.joined(separator: ","))
            }
            seq += 1
            let text =
                #"{"type":"orderbook_snapshot","sid":1,"seq":\#(seq),"msg":{"market_ticker":"\#(tickers[market])","market_id":"\#(marketIds[market])","yes_dollars_fp":[\#(sides[0])],"no_dollars_fp":[\#(sides[1])]}}"#
            guard let frame = try? BookFrameScanner.scan(text) else { preconditionFailure("bad snapshot text: \(text)") }
            precondition(synchronizer.apply(frame.bookFeedEvent) == .none, "snapshot must apply cleanly")
            snapshotTexts.append(text)
        }
        var texts: [String] = []
        texts.reserveCapacity(frames)
        var micros: Int64 = 49_816_683
        for _ in 0..<frames {
            let market = Int(random.next(upTo: UInt64(Self.markets)))
            let leg = Int(random.next(upTo: 2))
            let cents = 49 - Int(min(random.next(upTo: 20), random.next(upTo: 20)))
            let current = sizes[market][leg][cents]
            var change: Int64
            // A quarter of the changes carry fractional contracts, as real books do ("51.88").
            let amount =
                Int64(random.next(upTo: 300) + 1) * 100 + (random.next(upTo: 4) == 0 ? Int64(random.next(upTo: 99) + 1) : 0)
            switch random.next(upTo: 10) {
            case 0...4: change = amount
            case 5...7: change = -min(current, amount)
            default: change = -current
            }
            if change == 0 { change = amount }
            sizes[market][leg][cents] = current + change
            seq += 1
            micros += Int64(random.next(upTo: 5_000))
            let text =
                #"{"type":"orderbook_delta","sid":1,"seq":\#(seq),"msg":{"market_ticker":"\#(tickers[market])","market_id":"\#(marketIds[market])","price_dollars":"\#(Self.price(cents))","delta_fp":"\#(Self.count(change))","side":"\#(leg == 0 ? "yes" : "no")","ts":"\#(Self.timestamp(micros))"}}"#
            texts.append(text)
        }
        self.synchronizer = synchronizer
        self.texts = texts
        self.snapshotTexts = snapshotTexts
        self.tickers = tickers
    }

    /// Best YES bid and ask of every market, so a pass that skipped work would not match.
    func topOfBookChecksum(_ synchronizer: BookSynchronizer) -> Int64 {
        var checksum: Int64 = 0
        for ticker in tickers {
            guard let book = synchronizer.book(ticker), book.isTradable else {
                preconditionFailure("\(ticker) must stay tradable")
            }
            if let bid = book.bestYesBid { checksum &+= bid.price.ticks &* 7 &+ bid.size.units }
            if let ask = book.bestYesAsk { checksum &+= ask.price.ticks &* 11 &- ask.size.units }
        }
        return checksum
    }

    static func price(_ cents: Int) -> String { FixedPointParser.format(Int64(cents) * 100, scale: 4, decimals: 4) }

    static func count(_ units: Int64) -> String { FixedPointParser.format(units, scale: 2, decimals: 2) }

    /// `2026-04-18T05:MM:SS.ffffffZ` for a running count of microseconds into the hour.
    static func timestamp(_ micros: Int64) -> String {
        func padded(_ value: Int64, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        let wrapped = micros % 3_600_000_000
        return
            "2026-04-18T05:\(padded(wrapped / 60_000_000, 2)):\(padded(wrapped / 1_000_000 % 60, 2)).\(padded(wrapped % 1_000_000, 6))Z"
    }
}
