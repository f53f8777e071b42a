@testable import KalshiCore

/// Short constructors for matching tests: `.bid("alice", "0.56", "10")`.
extension OrderRequest {
    static func bid(
        _ owner: String, _ priceText: String, _ countText: String, tif: TimeInForce = .goodTillCanceled,
        postOnly: Bool = false, stp: SelfTradePrevention = .takerAtCross, clientOrderId: String? = nil,
        expirationMs: Int64? = nil
    ) -> OrderRequest {
        OrderRequest(
            owner: owner, clientOrderId: clientOrderId, side: .bid, price: try! Price(parsing: priceText),
            count: try! Quantity(parsing: countText),
            timeInForce: tif, postOnly: postOnly, selfTradePrevention: stp, expirationMs: expirationMs)
    }

    static func ask(
        _ owner: String, _ priceText: String, _ countText: String, tif: TimeInForce = .goodTillCanceled,
        postOnly: Bool = false, stp: SelfTradePrevention = .takerAtCross, clientOrderId: String? = nil,
        expirationMs: Int64? = nil
    ) -> OrderRequest {
        OrderRequest(
            owner: owner, clientOrderId: clientOrderId, side: .ask, price: try! Price(parsing: priceText),
            count: try! Quantity(parsing: countText),
            timeInForce: tif, postOnly: postOnly, selfTradePrevention: stp, expirationMs: expirationMs)
    }
}

func dollars(_ text: String) -> Money { try! Money(parsing: text) }

/// Reads small random choices out of one random integer, so a property test's input is a plain
/// array of integers that the library can generate and shrink.
struct ChoiceReader {
    var bits: UInt64

    init(_ code: Int) { bits = UInt64(truncatingIfNeeded: code) &* 0x9E37_79B9_7F4A_7C15 | 1 }

    /// A value in 0..<bound.
    mutating func take(_ bound: Int) -> Int {
        let value = Int(bits % UInt64(bound))
        bits /= UInt64(bound)
        if bits == 0 { bits = 0x2545_F491_4F6C_DD1D }
        return value
    }

    mutating func chance(_ oneIn: Int) -> Bool { take(oneIn) == 0 }
}

/// Applies an engine's deltas to a KalshiCore `OrderBook` and checks that the mirror equals the
/// engine's snapshot: the public feed is exactly reproducible from the deltas.
struct FeedMirror {
    var book: OrderBook

    init(engine: MatchingEngine) {
        book = OrderBook(grid: engine.grid)
        let snapshot = engine.snapshot()
        book.applySnapshot(yes: snapshot.yes, no: snapshot.no)
    }

    /// Problems found; empty when the mirror matches the engine after applying `result`.
    mutating func apply(_ result: MatchingResult, engine: MatchingEngine) -> [String] {
        var problems: [String] = []
        for delta in result.bookDeltas {
            if delta.delta.isZero { problems.append("zero delta \(delta)") }
            let update = book.apply(delta)
            if update != .applied { problems.append("delta \(delta) gave \(update)") }
        }
        let snapshot = engine.snapshot()
        if Array(book.levels(.yes).reversed()) != snapshot.yes {
            problems.append("yes levels differ: mirror \(book.levels(.yes)) engine \(snapshot.yes)")
        }
        if Array(book.levels(.no).reversed()) != snapshot.no {
            problems.append("no levels differ: mirror \(book.levels(.no)) engine \(snapshot.no)")
        }
        return problems
    }
}
