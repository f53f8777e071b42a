import FakeVenues
import Foundation
import KalshiAPI
import KalshiClient
import KalshiCore
import Testing

/// `reduce_only` at the fake exchange: accepted with immediate-or-cancel only, refused when it
/// would not reduce the position, and capped at what takes the position to zero.
@Suite(.serialized)
struct ReduceOnlyOrderTests {
    @Test func aReduceOnlyOrderNeverCrossesThroughZero() async throws {
        let harness = try await Harness.start()
        defer { Task { await harness.stop() } }
        let ticker = await harness.thresholdTickers()[6]
        let alice = harness.aliceREST
        // Bob offers 10 at 0.40; Alice takes 3: she is long 3.
        _ = try await harness.bobREST.createOrder(
            CreateOrderRequest(ticker: ticker, clientOrderId: "b-1", side: .ask, count: Quantity(contracts: 10), price: .cents(40)))
        _ = try await alice.createOrder(
            CreateOrderRequest(
                ticker: ticker, clientOrderId: "a-1", side: .bid, count: Quantity(contracts: 3), price: .cents(40),
                timeInForce: .immediateOrCancel))
        // Bob bids 10 at 0.38 for Alice to sell into.
        _ = try await harness.bobREST.createOrder(
            CreateOrderRequest(ticker: ticker, clientOrderId: "b-2", side: .bid, count: Quantity(contracts: 10), price: .cents(38)))

        // Resting reduce-only: refused.
        await #expect(throws: KalshiAPIError.self) {
            _ = try await alice.createOrder(
                CreateOrderRequest(
                    ticker: ticker, clientOrderId: "a-2", side: .ask, count: Quantity(contracts: 1), price: .cents(45), reduceOnly: true))
        }
        // Buying more with reduce_only: refused.
        await #expect(throws: KalshiAPIError.self) {
            _ = try await alice.createOrder(
                CreateOrderRequest(
                    ticker: ticker, clientOrderId: "a-3", side: .bid, count: Quantity(contracts: 1), price: .cents(40),
                    timeInForce: .immediateOrCancel, reduceOnly: true))
        }
        // Selling 5 reduce-only while long 3: only 3 sell, and she is flat, not short.
        let sold = try await alice.createOrder(
            CreateOrderRequest(
                ticker: ticker, clientOrderId: "a-4", side: .ask, count: Quantity(contracts: 5), price: .cents(38),
                timeInForce: .immediateOrCancel, reduceOnly: true))
        #expect(sold.fillCount == Quantity(contracts: 3))
        #expect(await harness.venue.exchange.account("alice")?.position(in: ticker) == .zero)
    }
}
