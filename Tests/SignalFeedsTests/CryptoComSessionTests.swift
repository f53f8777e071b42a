import KalshiCore
import Testing

@testable import SignalFeeds

struct CryptoComSessionTests {
    static let book = "book.ETH_USD.10"

    func session(delay: Int64 = 1_000) -> CryptoComSession {
        var configuration = CryptoComSession.Configuration(asset: .eth)
        configuration.subscribeDelayMs = delay
        return CryptoComSession(configuration: configuration)
    }

    /// A session connected at t=0 and subscribed at t=delay, with its book synced at u=100.
    func synced() -> CryptoComSession {
        var session = session()
        _ = session.handle(.connected(nowMs: 0))
        _ = session.handle(.tick(nowMs: 1_000))
        _ = session.handle(.received(CDC.snapshot(u: 100), nowMs: 1_010))
        return session
    }

    @Test func waitsTheDocumentedDelayThenSubscribesEverything() throws {
        var session = session()
        let connected = session.handle(.connected(nowMs: 0))
        #expect(connected.sent.isEmpty, "nothing may be sent in the first second")
        #expect(session.handle(.tick(nowMs: 999)).sent.isEmpty)
        let sent = session.handle(.tick(nowMs: 1_000)).sent
        #expect(
            sent == [
                #"{"id":1,"method":"subscribe","params":{"channels":["index.ETHUSD-INDEX","ticker.ETH_USD","book.ETH_USD.10","trade.ETH_USD","candlestick.1m.ETH_USD"],"book_subscription_type":"SNAPSHOT_AND_UPDATE","book_update_frequency":10},"nonce":1000}"#
            ])
        #expect(session.handle(.tick(nowMs: 2_000)).sent.isEmpty, "subscribed once")
        let ack = session.handle(.received(#"{"id":1,"method":"subscribe","code":0}"#, nowMs: 2_001))
        #expect(
            ack.events.contains {
                if case .subscribed(.cryptoCom, let channels) = $0 { return channels.count == 5 } else { return false }
            })
    }

    @Test func answersEveryHeartbeatWithItsId() {
        var session = synced()
        for id: Int64 in [1_587_523_073_344, 1_587_523_103_344, 42] {
            let actions = session.handle(.received(#"{"id":\#(id),"method":"public/heartbeat","code":0}"#, nowMs: 2_000))
            #expect(actions.sent == [#"{"id":\#(id),"method":"public/respond-heartbeat"}"#])
        }
        #expect(session.counters.heartbeatsAnswered == 3)
    }

    @Test func sequenceBreakResubscribesTheBookAndDiscardsDeltasUntilTheSnapshot() {
        var session = synced()
        let applied = session.handle(.received(CDC.delta(u: 101, pu: 100, bids: #"[["3000.04","1","1"]]"#), nowMs: 1_100))
        #expect(applied.ticks.map(\.price) == [dollars("3000.07")], "mid of 3000.04 / 3000.10")
        let broken = session.handle(.received(CDC.delta(u: 103, pu: 102), nowMs: 1_200))
        #expect(broken.sent.count == 1)
        #expect(broken.sent.first?.contains(#""channels":["book.ETH_USD.10"]"#) == true)
        #expect(broken.sent.first?.contains("SNAPSHOT_AND_UPDATE") == true)
        #expect(broken.events.contains { if case .resync(.cryptoCom, Self.book, _) = $0 { return true } else { return false } })
        #expect(session.counters.gaps == 1 && session.counters.resyncs == 1)
        #expect(!session.isBookSynced)
        // Deltas before the fresh snapshot are dropped, even ones that would chain.
        let discarded = session.handle(.received(CDC.delta(u: 104, pu: 103, bids: #"[["3000.08","1","1"]]"#), nowMs: 1_300))
        #expect(discarded.ticks.isEmpty && discarded.sent.isEmpty)
        let repaired = session.handle(.received(CDC.snapshot(u: 200, bid: "3001.00", ask: "3001.10"), nowMs: 1_400))
        #expect(repaired.ticks.map(\.price) == [dollars("3001.05")])
        #expect(session.isBookSynced && session.book?.lastUpdateId == 200)
        #expect(session.handle(.received(CDC.delta(u: 201, pu: 200), nowMs: 1_500)).sent.isEmpty, "back in sequence")
    }

    @Test func unansweredResyncIsAskedAgain() {
        var session = synced()
        _ = session.handle(.received(CDC.delta(u: 103, pu: 102), nowMs: 2_000))
        #expect(session.handle(.tick(nowMs: 6_999)).sent.isEmpty)
        #expect(session.handle(.tick(nowMs: 7_000)).sent.count == 1)
        #expect(session.counters.resyncs == 2)
    }

    @Test func reconnectResubscribesEverythingAfterTheDelay() {
        var session = synced()
        let lost = session.handle(.disconnected(reason: "closed", nowMs: 5_000))
        #expect(lost.contains { if case .reconnect = $0 { return true } else { return false } })
        #expect(!session.isBookSynced)
        _ = session.handle(.connected(nowMs: 6_000))
        #expect(session.handle(.tick(nowMs: 6_500)).sent.isEmpty)
        let again = session.handle(.tick(nowMs: 7_000)).sent
        #expect(again.count == 1 && again[0].contains("index.ETHUSD-INDEX") && again[0].contains(Self.book))
        #expect(session.counters.reconnects == 1)
    }

    @Test func rateLimitedSubscriptionIsRetried() {
        var session = session(delay: 0)
        #expect(session.handle(.connected(nowMs: 0)).sent.count == 1)
        let refused = session.handle(
            .received(#"{"id":1,"method":"subscribe","code":42901,"message":"TOO_MANY_REQUESTS"}"#, nowMs: 10))
        #expect(refused.events.contains(.venueError(.cryptoCom, code: 42901, message: "subscribe: TOO_MANY_REQUESTS")))
        #expect(session.handle(.tick(nowMs: 500)).sent.isEmpty)
        let retried = session.handle(.tick(nowMs: 1_010)).sent
        #expect(retried.count == 1 && retried[0].contains(#""id":2"#))
    }

    @Test func watchdogClosesASilentConnectionOnce() {
        var session = synced()
        #expect(!session.handle(.tick(nowMs: 41_000)).contains { if case .close = $0 { return true } else { return false } })
        let silent = session.handle(.tick(nowMs: 41_011))
        #expect(silent.contains { if case .close = $0 { return true } else { return false } })
        #expect(!session.handle(.tick(nowMs: 42_000)).contains { if case .close = $0 { return true } else { return false } })
    }

    @Test func indexTradesAndTickerBecomeOrderedTicks() {
        var session = synced()
        let index = session.handle(.received(CDC.index("3000.5", t: 2_000), nowMs: 2_010)).ticks
        #expect(
            index == [
                SignalTick(
                    asset: .eth, venue: .cryptoCom, kind: .index, price: dollars("3000.5"), exchangeMs: 2_000, receiveMs: 2_010)
            ])
        #expect(
            session.handle(.received(CDC.index("3000.5", t: 2_000), nowMs: 2_020)).ticks.isEmpty,
            "a repeated index value is dropped")
        // The first trade batch replays past trades: only the newest is current.
        let snapshot = [
            CDC.trade(id: 3, price: "3000.3", t: 1_900), CDC.trade(id: 1, price: "3000.1", t: 1_700),
            CDC.trade(id: 2, price: "3000.2", t: 1_800),
        ]
        let first = session.handle(
            .received(CDC.push("trade.ETH_USD", "trade", snapshot.joined(separator: ","), id: 1), nowMs: 2_030)
        ).ticks
        #expect(first.map(\.price) == [dollars("3000.3")])
        let next = [
            CDC.trade(id: 5, price: "3000.5", t: 2_100), CDC.trade(id: 4, price: "3000.4", t: 2_050),
            CDC.trade(id: 3, price: "3000.3", t: 1_900),
        ]
        let later = session.handle(.received(CDC.push("trade.ETH_USD", "trade", next.joined(separator: ",")), nowMs: 2_200)).ticks
        #expect(later.map(\.price) == [dollars("3000.4"), dollars("3000.5")], "oldest first, the known one skipped")
        // While the book is synced the ticker does not add mids; once it is not, it stands in.
        let ticker = #"{"b":"3000.00","k":"3000.20","a":"3000.1","i":"ETH_USD","t":2300}"#
        #expect(session.handle(.received(CDC.push("ticker.ETH_USD", "ticker", ticker), nowMs: 2_300)).ticks.isEmpty)
        _ = session.handle(.received(CDC.delta(u: 105, pu: 104), nowMs: 2_400))
        let standIn = session.handle(
            .received(CDC.push("ticker.ETH_USD", "ticker", ticker.replacingOccurrences(of: "2300", with: "2500")), nowMs: 2_500))
        #expect(standIn.ticks.map(\.price) == [dollars("3000.10")])
    }

    @Test func malformedFramesAreCountedAndTheSessionGoesOn() {
        var session = synced()
        for frame in [
            "{oops",
            #"{"id":-1,"method":"subscribe","code":0,"result":{"channel":"book.update","subscription":"book.ETH_USD.10","data":[{"u":1}]}}"#,
            "", "\u{0}",
        ] {
            let actions = session.handle(.received(frame, nowMs: 2_000))
            #expect(actions.count == 1)
            guard case .emit(.malformed(.cryptoCom, _, _)) = actions.first else {
                Issue.record("expected a malformed event for \(frame)")
                continue
            }
        }
        #expect(session.counters.malformedFrames == 4)
        #expect(session.isBookSynced)
        #expect(session.handle(.received(CDC.index("3001", t: 3_000), nowMs: 3_000)).ticks.count == 1)
    }

    @Test func venueCandlesFillOnlyMinutesWeDidNotObserve() {
        var session = synced()
        // Our own mid candle of minute 0 closes when venue time passes its end, on any channel.
        let index = session.handle(.received(CDC.index("3000", t: 180_000), nowMs: 180_000))
        #expect(
            index.events.contains {
                if case .candleClosed(.cryptoCom, let candle) = $0 { return candle.startMs == 0 } else { return false }
            })
        let forming = #"{"o":"10","h":"12","l":"9","c":"11","v":"1","t":60000}"#
        _ = session.handle(.received(CDC.push("candlestick.1m.ETH_USD", "candlestick", forming), nowMs: 180_001))
        #expect(session.pipeline.candles.closed.map(\.startMs) == [0], "a forming venue candle is not used")
        let next = #"{"o":"11","h":"11","l":"11","c":"11","v":"1","t":120000}"#
        let replaced = #"{"o":"1","h":"1","l":"1","c":"1","v":"1","t":0}"#
        _ = session.handle(
            .received(CDC.push("candlestick.1m.ETH_USD", "candlestick", [replaced, next].joined(separator: ",")), nowMs: 180_002))
        #expect(session.pipeline.candles.closed.map(\.startMs) == [0, 60_000])
        #expect(
            session.pipeline.candles.closed.map(\.high) == [dollars("3000.05"), dollars("12")],
            "our minute 0 kept, the venue's minute 1 filled")
    }

    /// "t":9223372036854775807 used to reach the venue clock and trap on `lastExchangeMs + elapsed`.
    /// Every Crypto.com `t` is now range-checked: a typed error naming the field, counted as malformed.
    @Test func anImplausibleVenueTimeIsAMalformedFrameNotATrap() {
        let hostile: Int64 = .max
        for frame in [
            CDC.index("3001", t: hostile), CDC.snapshot(u: 101, t: hostile), CDC.delta(u: 101, pu: 100, t: hostile),
            CDC.push("trade.ETH_USD", "trade", CDC.trade(id: 1, price: "3000", t: hostile)),
            CDC.push("ticker.ETH_USD", "ticker", #"{"b":"1","k":"2","a":"1.5","t":-1}"#),
            CDC.push("candlestick.1m.ETH_USD", "candlestick", #"{"o":"1","h":"1","l":"1","c":"1","t":9223372036854775807}"#),
        ] {
            #expect(throws: SignalFeedError.self) { try CryptoComDecoder.decode(frame) }
        }
        #expect(
            throws: SignalFeedError.invalidValue(
                field: "result.data[0].t", value: "9223372036854775807", reason: "is not a plausible Unix time in milliseconds")
        ) { try CryptoComDecoder.decode(CDC.index("3001", t: hostile)) }
        var session = synced()
        let actions = session.handle(.received(CDC.index("3001", t: hostile), nowMs: 2_000))
        guard case .emit(.malformed(.cryptoCom, _, _)) = actions.first else {
            Issue.record("expected a malformed event, got \(actions)")
            return
        }
        _ = session.handle(.tick(nowMs: 3_000))
        #expect(session.handle(.received(CDC.index("3001", t: 3_000), nowMs: 3_000)).ticks.count == 1)
    }

    /// The backstop: a venue clock holding Int64.max saturates instead of trapping.
    @Test func venueClockSaturates() {
        var clock = VenueClock()
        clock.observe(exchangeMs: .max, receiveMs: 0)
        #expect(clock.estimate(nowMs: 1_000) == .max)
        clock = VenueClock()
        clock.observe(exchangeMs: 0, receiveMs: .min)
        #expect(clock.estimate(nowMs: .max) == .max)
        #expect(CandleStore.minuteStart(of: .min) <= .min + CandleStore.minuteMs)
        var store = CandleStore()
        _ = store.observe(dollars("1"), atMs: .max)
        #expect(store.advance(toMs: .max).isEmpty)
    }
}
