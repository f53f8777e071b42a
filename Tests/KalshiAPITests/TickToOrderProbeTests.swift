import Testing

@testable import KalshiAPI

/// The benchmark's probe: off by default, one triggering book frame and one order request per
/// armed round, stamped in order, the round complete once the order has ended.
struct TickToOrderProbeTests {
    static let delta =
        #"{"type":"orderbook_delta","sid":1,"seq":7,"msg":{"market_ticker":"KX-1","price_dollars":"0.4100","delta_fp":"1.00","side":"yes"}}"#
    static let ticker = #"{"type":"ticker","sid":2,"msg":{"market_ticker":"KX-1"}}"#
    static let orders = "/trade-api/v2/portfolio/events/orders"

    /// The frame filter is a byte scan (it runs inside the interval measured): wherever the
    /// type's text is, after a partial match, after non-ASCII text; never in a shorter frame.
    @Test func aBookDeltaIsFoundByItsBytesWhereverItsTypeIs() {
        #expect(TickToOrderProbe.isBookDelta(Self.delta))
        #expect(!TickToOrderProbe.isBookDelta(Self.ticker))
        #expect(TickToOrderProbe.isBookDelta(#"{"sid":1,"type":"orderbook_delta"}"#), "at the end")
        #expect(TickToOrderProbe.isBookDelta("orderbook_orderbook_delta"), "after a partial match")
        #expect(TickToOrderProbe.isBookDelta("é→ orderbook_delta"), "after multi-byte characters")
        #expect(!TickToOrderProbe.isBookDelta("orderbook_delt"))
        #expect(!TickToOrderProbe.isBookDelta("orderbook_snapshot"))
        #expect(!TickToOrderProbe.isBookDelta(""))
    }

    @Test func aDisabledProbeStampsNothingAndHandsOutNoTrigger() {
        let probe = TickToOrderProbe()
        probe.arm()
        probe.frameWritten(Self.delta)
        probe.frameArrived(Self.delta)
        #expect(!probe.claimTrigger())
        #expect(probe.progress.contains("frame written false"))
    }

    @Test func oneRoundIsOneBookFrameAndTheOrderItCaused() async {
        let probe = TickToOrderProbe()
        probe.enable()
        probe.arm()
        #expect(!probe.claimTrigger(), "no trigger before the frame arrived")
        probe.frameWritten(Self.ticker)
        probe.frameWritten(Self.delta)
        probe.frameArrived(Self.ticker)
        probe.frameArrived(Self.delta)
        probe.requestSent(method: "POST", path: Self.orders)
        #expect(probe.progress.contains("request sent false"), "a request before the trigger is not the round's")
        #expect(probe.claimTrigger())
        #expect(!probe.claimTrigger(), "one order per round")
        probe.requestSent(method: "GET", path: "/portfolio/balance")
        probe.requestSent(method: "POST", path: "/portfolio/events/orders")
        probe.requestReceived(method: "POST", path: Self.orders)
        #expect(probe.progress.contains("order settled false"))
        probe.orderSettled()
        let stamps = await probe.completedRound()
        let round = try? #require(stamps)
        if let round {
            #expect(round.frameWritten <= round.frameArrived)
            #expect(round.frameArrived <= round.requestSent)
            #expect(round.requestSent <= round.requestReceived)
            #expect(round.inProcess >= 0 && round.wire >= round.inProcess)
        }
        // The next round starts empty.
        probe.arm()
        #expect(probe.progress.hasPrefix("armed true, frame written false"))
    }

    /// A request signed on the spot counts against the round only between the frame's arrival
    /// and the order's request: the round's own order paid for the signature.
    @Test(arguments: ["before the frame", "in the round", "after the request", "never"])
    func aSignatureMadeOnThePathIsTheRoundsOnlyBetweenTheFrameAndTheRequest(when: String) async throws {
        let probe = TickToOrderProbe()
        probe.enable()
        probe.arm()
        probe.frameWritten(Self.delta)
        if when == "before the frame" { probe.signedOnPath() }
        probe.frameArrived(Self.delta)
        #expect(probe.claimTrigger())
        if when == "in the round" { probe.signedOnPath() }
        probe.requestSent(method: "POST", path: Self.orders)
        if when == "after the request" { probe.signedOnPath() }
        probe.requestReceived(method: "POST", path: Self.orders)
        probe.orderSettled()
        let round = try #require(await probe.completedRound())
        #expect(round.signedOnPath == (when == "in the round"))
    }

    @Test(arguments: [true, false])
    func aWaitCanBeAbandonedBeforeOrWhileItWaits(abandonFirst: Bool) async {
        let probe = TickToOrderProbe()
        probe.enable()
        probe.arm()
        if abandonFirst {
            probe.abandonWaiting()
            #expect(await probe.completedRound() == nil)
        } else {
            async let stamps = probe.completedRound()
            probe.abandonWaiting()
            #expect(await stamps == nil)
        }
    }

    /// Stages are stamped only when asked, only between the frame's arrival and the order's
    /// request, once each per round (the first pass), and in the order the path reached them.
    @Test func stagesAreStampedOnceBetweenTheFrameAndItsRequestWhenAsked() async throws {
        let probe = TickToOrderProbe()
        probe.enable()
        probe.arm()
        probe.frameWritten(Self.delta)
        probe.frameArrived(Self.delta)
        probe.stage(.frameHandled)
        _ = probe.claimTrigger()
        probe.requestSent(method: "POST", path: Self.orders)
        probe.requestReceived(method: "POST", path: Self.orders)
        probe.orderSettled()
        let plain = try #require(await probe.completedRound())
        #expect(plain.stages.isEmpty, "no stages unless enabled")

        probe.enableStages()
        probe.arm()
        probe.stage(.frameHandled)  // before the frame: not the round's
        probe.frameWritten(Self.delta)
        probe.frameArrived(Self.delta)
        for stage in TickToOrderProbe.Stage.allCases where stage != .requestBuilt { probe.stage(stage) }
        probe.stage(.frameHandled)  // a second input's pass: the first stays
        _ = probe.claimTrigger()
        probe.requestSent(method: "POST", path: Self.orders)
        probe.stage(.requestBuilt)  // after the request: not the round's
        probe.requestReceived(method: "POST", path: Self.orders)
        probe.orderSettled()
        let staged = try #require(await probe.completedRound())
        #expect(staged.stages.count == TickToOrderProbe.Stage.allCases.count)
        #expect(staged.stages[TickToOrderProbe.Stage.requestBuilt.rawValue] == nil)
        let stamped = staged.stages.compactMap { $0 }
        #expect(stamped.count == TickToOrderProbe.Stage.allCases.count - 1)
        #expect(stamped == stamped.sorted(), "in the order reached")
        #expect(stamped.first.map { $0 >= staged.frameArrived } == true)
        #expect(stamped.last.map { $0 <= staged.requestSent } == true)
    }

    /// A stage counts only after the one it follows: a step already running when the frame
    /// arrived (another input's) does not stamp the frame's `decided`; the frame's own step
    /// does. A journal that does not write ahead leaves its stage out, not the request's.
    @Test func aStageIsStampedOnlyAfterTheStageItFollows() async throws {
        let probe = TickToOrderProbe()
        probe.enable()
        probe.enableStages()
        probe.arm()
        probe.frameWritten(Self.delta)
        probe.frameArrived(Self.delta)
        probe.stage(.decided)  // the step that was running when the frame arrived
        probe.stage(.requestStarted)  // and its request
        for stage: TickToOrderProbe.Stage in [.frameHandled, .stepStarted, .decided, .requestStarted, .requestBuilt] {
            probe.stage(stage)
        }
        _ = probe.claimTrigger()
        probe.requestSent(method: "POST", path: Self.orders)
        probe.requestReceived(method: "POST", path: Self.orders)
        probe.orderSettled()
        let round = try #require(await probe.completedRound())
        func stamp(_ stage: TickToOrderProbe.Stage) -> Int64? { round.stages[stage.rawValue] }
        let started = try #require(stamp(.stepStarted))
        let decided = try #require(stamp(.decided))
        #expect(decided >= started, "decided by the frame's own step")
        #expect(stamp(.writtenAhead) == nil)
        let requestStarted = try #require(stamp(.requestStarted))
        #expect(requestStarted >= decided)
        #expect(try #require(stamp(.requestBuilt)) >= requestStarted)
    }
}
