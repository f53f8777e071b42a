import FakeVenues
import Foundation
import KalshiAPI
import KalshiClient
import KalshiCore
import Testing

/// Order groups at the fake exchange (reference §4.6): more than the limit filled within 15 s
/// cancels the group's resting orders and refuses new ones until a reset.
@Suite(.serialized)
struct OrderGroupTests {
    @Test func aGroupOverItsLimitCancelsItsOrdersAndRefusesNewOnesUntilReset() async throws {
        let harness = try await Harness.start()
        defer { Task { await harness.stop() } }
        let ticker = await harness.thresholdTickers()[6]
        let alice = harness.aliceREST
        let group = try await alice.createOrderGroup(contractsLimit: Quantity(contracts: 5), exchangeIndex: FakeKalshiExchange.shard)
        #expect(group.exchangeIndex == FakeKalshiExchange.shard)
        func bid(_ id: String, _ contracts: Int) -> CreateOrderRequest {
            var request = CreateOrderRequest(
                ticker: ticker, clientOrderId: id, side: .bid, count: Quantity(contracts: contracts), price: .cents(40))
            request.orderGroupId = group.orderGroupId
            return request
        }
        let resting = try await alice.createOrder(bid("a-1", 10))
        let other = try await alice.createOrder(bid("a-2", 3))
        // Bob sells 4 into it: within the limit, nothing happens.
        _ = try await harness.bobREST.createOrder(
            CreateOrderRequest(
                ticker: ticker, clientOrderId: "b-1", side: .ask, count: Quantity(contracts: 4), price: .cents(40),
                timeInForce: .immediateOrCancel))
        #expect(try await alice.order(other.orderId).status == "resting")
        // Two more: 6 filled within 15 s, over the limit of 5: every resting order of the group is canceled.
        _ = try await harness.bobREST.createOrder(
            CreateOrderRequest(
                ticker: ticker, clientOrderId: "b-2", side: .ask, count: Quantity(contracts: 2), price: .cents(40),
                timeInForce: .immediateOrCancel))
        #expect(try await alice.order(resting.orderId).status == "canceled")
        #expect(try await alice.order(other.orderId).status == "canceled")
        await #expect(throws: KalshiAPIError.self) { _ = try await alice.createOrder(bid("a-3", 1)) }
        // An order outside the group is still taken.
        _ = try await alice.createOrder(
            CreateOrderRequest(ticker: ticker, clientOrderId: "a-4", side: .bid, count: Quantity(contracts: 1), price: .cents(30)))
        // After a reset, the group takes orders again; another account cannot reset it.
        await #expect(throws: KalshiAPIError.self) { _ = try await harness.bobREST.resetOrderGroup(group.orderGroupId) }
        _ = try await alice.resetOrderGroup(group.orderGroupId)
        _ = try await alice.createOrder(bid("a-5", 1))
    }

    @Test func theUpdateFrameDecodes() throws {
        let message = try KalshiWSDecoder.decode(
            #"{"type":"order_group_updates","sid":21,"seq":7,"msg":{"event_type":"triggered","order_group_id":"og_123","contracts_limit_fp":"150.00","ts_ms":1800000000000}}"#
        )
        #expect(
            message
                == .orderGroup(
                    sid: 21,
                    WSOrderGroupUpdate(
                        eventType: "triggered", orderGroupId: "og_123", contractsLimitFp: Quantity(contracts: 150), tsMs: 1_800_000_000_000)))
        #expect(throws: FrameDecodingError.self) {
            try KalshiWSDecoder.decode(#"{"type":"order_group_updates","sid":21,"msg":{"event_type":"triggered","contracts_limit_fp":"1.00"}}"#)
        }
    }
}
