import KalshiAPI
import KalshiCore
import SignalFeeds
import Testing
import TradingEngine

@testable import LiveTrading

/// The model prices on Kalshi's CF Benchmarks index while it ticks, on the spot (the composite
/// of venues by default) otherwise, and the status line shows which and the basis between them.
@Suite struct SettlementBasisCoreTests {
    static func tick(_ venue: SignalVenue, _ dollars: String, at ms: Int64) throws -> LiveInput {
        .signal(.tick(SignalTick(asset: .eth, venue: venue, kind: .index, price: try Money(parsing: dollars), exchangeMs: ms, receiveMs: ms)))
    }

    static func spot(_ core: LiveCore<LivePauseCoreTests.KeepsBidding>) -> Money? { core.engine.state.asset("ETH")?.spot }

    static func status(_ core: inout LiveCore<LivePauseCoreTests.KeepsBidding>, at ms: Int64) -> String {
        core.handle(.tick(LiveSurroundings()), now: ms, elapsedMs: ms).compactMap {
            if case .console(let line) = $0, line.hasPrefix("status") { line } else { nil }
        }.first ?? ""
    }

    @Test func theSettlementIndexIsPreferredAndTheReferenceTakesOverWhenItFallsSilent() throws {
        var core = LivePauseCoreTests.started()
        // Only the reference so far: it prices.
        _ = core.handle(try Self.tick(.composite, "3000.10", at: 5_500), now: 5_500, elapsedMs: 5_500)
        #expect(Self.spot(core) == (try Money(parsing: "3000.10")))
        // (The first status line comes once the status interval, 5 s, has passed.)
        #expect(Self.status(&core, at: 5_600).contains("index composite (cfbenchmarks silent)"))

        // The settlement index ticks: it prices, and the reference no longer moves the spot.
        _ = core.handle(try Self.tick(.cfBenchmarks, "3000.52", at: 6_000), now: 6_000, elapsedMs: 6_000)
        _ = core.handle(try Self.tick(.composite, "3000.20", at: 6_500), now: 6_500, elapsedMs: 6_500)
        #expect(Self.spot(core) == (try Money(parsing: "3000.52")))

        // Silent (stale): the reference's last value takes over at once.
        _ = core.handle(try Self.tick(.composite, "3000.30", at: 9_000), now: 9_000, elapsedMs: 9_000)
        _ = core.handle(.signal(.stale(.cfBenchmarks, .eth, ageMs: 15_000)), now: 9_100, elapsedMs: 9_100)
        #expect(Self.spot(core) == (try Money(parsing: "3000.30")))
    }

    @Test func theBasisIsIndexMinusReferenceWhileBothTick() throws {
        var basis = SettlementBasis()
        let index = SignalTick(asset: .eth, venue: .cfBenchmarks, kind: .index, price: try Money(parsing: "3000.52"), exchangeMs: 1, receiveMs: 1)
        let reference = SignalTick(asset: .eth, venue: .cryptoCom, kind: .index, price: try Money(parsing: "3000.10"), exchangeMs: 1, receiveMs: 1)
        let first = basis.admit(reference, nowMs: 1_000)
        #expect(first, "no index yet: the reference prices")
        let indexed = basis.admit(index, nowMs: 1_100)
        #expect(indexed)
        let held = basis.admit(reference, nowMs: 1_200)
        #expect(!held, "the index ticks: the reference does not price")
        #expect(basis.basis(nowMs: 1_300) == (try Money(parsing: "0.42")))
        #expect(basis.basis(nowMs: 1_100 + SettlementBasis.freshMs + 1) == nil, "the index went quiet")
        // Mids and trades of the reference venue are not index values: never held back.
        let mid = SignalTick(asset: .eth, venue: .cryptoCom, kind: .mid, price: try Money(parsing: "3000.00"), exchangeMs: 1, receiveMs: 1)
        let passed = basis.admit(mid, nowMs: 1_400)
        #expect(passed)
    }

    @Test func theStatusLineShowsTheBasis() throws {
        var core = LivePauseCoreTests.started()
        _ = core.handle(try Self.tick(.composite, "3000.10", at: 5_000), now: 5_000, elapsedMs: 5_000)
        _ = core.handle(try Self.tick(.cfBenchmarks, "3000.52", at: 5_100), now: 5_100, elapsedMs: 5_100)
        #expect(Self.status(&core, at: 5_200).contains("index cfbenchmarks, basis +0.42"))
    }
}
