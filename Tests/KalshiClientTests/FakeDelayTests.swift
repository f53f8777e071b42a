import FakeVenues
import Foundation
import KalshiAPI
import KalshiClient
import KalshiCore
import Synchronization
import Testing

/// The fake's two order-write delays differ in when the write takes effect: `ack-delay` answers
/// late after the order is already on the book (what a timed-out client must reconcile),
/// `request-delay` processes it late (what a client killed in flight never learns of).
struct FakeDelayTests {
    @Test func theDelaysParseWithinTheirBounds() throws {
        let plan = try FaultPlan(parsing: "ack-delay=1500,request-delay=150")
        #expect(plan.ackDelayMs == 1_500 && plan.requestDelayMs == 150)
        for bad in ["ack-delay=-1", "request-delay=600001", "ack-delay=soon"] {
            #expect(throws: FaultPlanError.self, "\(bad)") { try FaultPlan(parsing: bad) }
        }
    }

    @Test func anAckDelayedOrderRestsBeforeItsAnswerArrives() async throws {
        let harness = try await Harness.start(faults: try FaultPlan(parsing: "ack-delay=60000"))
        defer { Task { await harness.stop() } }
        let ticker = try #require(await harness.thresholdTickers().first)
        let answered = AnsweredFlag()
        let rest = harness.aliceREST
        let request = Task {
            // Only an answer counts: the client giving up on its own timeout is not one.
            if (try? await rest.createOrder(
                CreateOrderRequest(ticker: ticker, clientOrderId: "late-ack", side: .bid, count: Quantity(contracts: 1), price: .cents(10))))
                != nil
            {
                answered.value.store(true, ordering: .sequentiallyConsistent)
            }
        }
        defer { request.cancel() }
        let exchange = harness.venue.exchange
        var resting = false
        let deadline = ContinuousClock.now + .seconds(90)
        while !resting, ContinuousClock.now < deadline {
            resting = await exchange.engine(ticker)?.restingOrders(owner: "alice").isEmpty == false
            if !resting { try await Task.sleep(for: .milliseconds(20)) }
        }
        #expect(resting, "the order never reached the book")
        // A minute of delay: the answer cannot have arrived while the order was being found.
        let answeredAlready = answered.value.load(ordering: .sequentiallyConsistent)
        #expect(!answeredAlready, "the answer came before the delay")
    }
}

private final class AnsweredFlag: Sendable {
    let value = Atomic<Bool>(false)
}
