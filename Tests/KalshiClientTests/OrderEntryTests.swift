import FakeVenues
import Foundation
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
import KalshiAPI
import KalshiAuth
import KalshiClient
import KalshiCore
import Testing

@Suite(.serialized)
struct OrderEntryTests {
    @Test func createAmendDecreaseCancelAndBatchAgainstTheFakeExchange() async throws {
        let harness = try await Harness.start()
        defer { Task { await harness.stop() } }
        let ticker = await harness.thresholdTickers()[6]
        let rest = harness.aliceREST

        let created = try await rest.createOrder(
            CreateOrderRequest(ticker: ticker, clientOrderId: "a-1", side: .bid, count: Quantity(contracts: 10), price: .cents(40)))
        #expect(created.clientOrderId == "a-1")
        #expect(created.fillCount == .zero && created.remainingCount == Quantity(contracts: 10))

        // A repeated client order id is refused, not doubled.
        await #expect(throws: KalshiAPIError.self) {
            _ = try await harness.bobREST.orders()  // sanity: bob can read
            _ = try await rest.createOrder(
                CreateOrderRequest(ticker: ticker, clientOrderId: "a-1", side: .bid, count: Quantity(contracts: 1), price: .cents(40)))
        }

        let amended = try await rest.amendOrder(
            created.orderId, AmendOrderRequest(ticker: ticker, side: .bid, price: .cents(42), count: Quantity(contracts: 12)))
        #expect(amended.remainingCount == Quantity(contracts: 12))
        let decreased = try await rest.decreaseOrder(created.orderId, DecreaseOrderRequest(reduceBy: Quantity(contracts: 2)))
        #expect(decreased.remainingCount == Quantity(contracts: 10))

        // Bob sells 4 into Alice's bid: Alice is the maker (no maker fee on quadratic), Bob pays the taker fee.
        let taken = try await harness.bobREST.createOrder(
            CreateOrderRequest(
                ticker: ticker, clientOrderId: "b-1", side: .ask, count: Quantity(contracts: 4), price: .cents(42),
                timeInForce: .immediateOrCancel))
        #expect(taken.fillCount == Quantity(contracts: 4))
        #expect(taken.averageFillPrice == Money(cents: 42))

        let order = try await rest.order(created.orderId)
        #expect(order.status == "resting" && order.fillCountFp == Quantity(contracts: 4) && order.remainingCountFp == Quantity(contracts: 6))
        let canceled = try await rest.cancelOrder(created.orderId)
        #expect(canceled.reducedBy == Quantity(contracts: 6))
        #expect(try await rest.order(created.orderId).status == "canceled")

        let fills = try await rest.fills(ticker: ticker).fills
        #expect(fills.count == 1)
        #expect(fills.first?.countFp == Quantity(contracts: 4) && fills.first?.isTaker == false && fills.first?.bookSide == "bid")
        let positions = try await rest.positions().marketPositions
        #expect(positions.first { $0.ticker == ticker }?.positionFp == Quantity(contracts: 4))
        // 1000.00 − 4 × 0.42 = 998.32 for the maker; the taker pays 0.42-YES sold = 4 × 0.58 NO
        // plus the fee ceil4(0.07 × 4 × 0.42 × 0.58) = 0.0683.
        #expect(try await rest.balance().exactBalance == Money(micros: 998_320_000))
        #expect(try await harness.bobREST.balance().exactBalance == Money(micros: 1_000_000_000 - 2_320_000 - 68_300))

        let batch = try await rest.batchCreateOrders([
            CreateOrderRequest(ticker: ticker, clientOrderId: "a-2", side: .bid, count: Quantity(contracts: 1), price: .cents(30)),
            CreateOrderRequest(ticker: ticker, clientOrderId: "a-3", side: .bid, count: Quantity(contracts: 1), price: try Price(parsing: "0.305")),
        ])
        #expect(batch.orders.count == 2)
        #expect(batch.orders[0].error == nil && batch.orders[0].orderId != nil)
        #expect(batch.orders[1].error?.code == "invalid_price")
        let batchCancel = try await rest.batchCancelOrders([batch.orders[0].orderId!, "no-such-order"])
        #expect(batchCancel.orders[0].reducedBy == Quantity(contracts: 1))
        #expect(batchCancel.orders[1].error?.code == "order_not_found")
    }

    @Test func typedErrorsForBadOrdersAndRetiredEndpoints() async throws {
        let harness = try await Harness.start()
        defer { Task { await harness.stop() } }
        let ticker = await harness.thresholdTickers()[0]
        func code(_ request: CreateOrderRequest) async -> String? {
            do {
                _ = try await harness.aliceREST.createOrder(request)
                return nil
            } catch { return error.code }
        }
        #expect(await code(CreateOrderRequest(ticker: ticker, clientOrderId: nil, side: .bid, count: Quantity(contracts: 1), price: try Price(parsing: "0.425"))) == "invalid_price")
        #expect(await code(CreateOrderRequest(ticker: "NO-SUCH", clientOrderId: nil, side: .bid, count: Quantity(contracts: 1), price: .cents(40))) == "market_not_found")
        #expect(await code(CreateOrderRequest(ticker: ticker, clientOrderId: nil, side: .bid, count: Quantity(contracts: 1_000_000), price: .cents(99))) == "insufficient_balance")
        #expect(
            await code(
                CreateOrderRequest(
                    ticker: ticker, clientOrderId: nil, side: .bid, count: Quantity(contracts: 1), price: .cents(40),
                    timeInForce: .immediateOrCancel, expirationTime: 4_000_000_000)) == "invalid_order")

        // Legacy V1 order entry answers 410 like the real exchange since June 2026.
        let url = URL(string: harness.venue.baseURL + "/trade-api/v2/portfolio/orders")!
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.httpBody = Data(#"{"ticker":"X","action":"buy","side":"yes","count":1,"yes_price":40}"#.utf8)
        let headers = try harness.alice.headers(method: "POST", path: "/trade-api/v2/portfolio/orders", timestampMs: WallClock.nowMs())
        for field in headers.fields { request.setValue(field.value, forHTTPHeaderField: field.name) }
        let (body, response) = try await URLSession.shared.data(for: request)
        #expect((response as? HTTPURLResponse)?.statusCode == 410)
        #expect(KalshiAPIError.from(status: 410, body: body).code == "deprecated_v1_order_endpoint")
    }

    @Test func signaturesAreChecked() async throws {
        let harness = try await Harness.start()
        defer { Task { await harness.stop() } }
        // Unsigned portfolio reads are refused; market data is public.
        let anonymous = KalshiRESTClient(environment: harness.environment, signer: nil)
        await #expect(throws: KalshiAPIError.self) { _ = try await anonymous.balance() }
        #expect(try await anonymous.markets().markets.isEmpty == false)
        // A key id signed with the wrong private key gets Kalshi's 401, not service.
        let impostor = try RequestSigner.withGeneratedKey(keyId: "alice")
        let forged = KalshiRESTClient(environment: harness.environment, signer: impostor)
        do {
            _ = try await forged.balance()
            Issue.record("a forged signature was accepted")
        } catch {
            guard case .exchange(401, let body) = error else {
                Issue.record("expected 401, got \(error)")
                return
            }
            #expect(body.message == "invalid signature")
        }
        #expect(try await harness.aliceREST.balance().exactBalance == Money(cents: 100_000))
    }

    @Test func retriesRateLimitsAndServerErrorsWithoutDoublingOrders() async throws {
        var faults = FaultPlan()
        faults.rateLimitRate = 0.3
        faults.serverErrorRate = 0.2
        faults.seed = 11
        let harness = try await Harness.start(faults: faults)
        defer { Task { await harness.stop() } }
        for _ in 0..<20 { _ = try await harness.aliceREST.markets(limit: 5) }
        // Every answer to an order write is lost once: the client retries with the same
        // client_order_id, the exchange refuses the repeat, the client finds the order it placed.
        await harness.venue.exchange.setFaults({ var plan = FaultPlan(); plan.lostAnswerRate = 1; return plan }())
        let ticker = await harness.thresholdTickers()[3]
        let created = try await harness.aliceREST.createOrder(
            CreateOrderRequest(ticker: ticker, clientOrderId: "lost-1", side: .bid, count: Quantity(contracts: 3), price: .cents(20)))
        await harness.venue.exchange.setFaults(FaultPlan())
        let orders = try await harness.aliceREST.orders(ticker: ticker).orders.filter { $0.clientOrderId == "lost-1" }
        #expect(orders.count == 1)
        #expect(orders.first?.orderId == created.orderId)
        #expect(created.remainingCount == Quantity(contracts: 3))
    }
}
