import FakeVenues
import Foundation
import KalshiAPI
import KalshiAuth
import KalshiClient
import KalshiCore
import Testing

@Suite(.serialized)
struct FeedTests {
    /// Random resting orders, cancels and crossing orders, straight into the fake's engine.
    func randomFlow(_ harness: Harness, tickers: [String], orders: Int, seed: UInt64) async {
        var random = SplitMixRandom(seed: seed)
        var resting: [(String, String)] = []
        for index in 0..<orders {
            let ticker = tickers[Int(random.next() % UInt64(tickers.count))]
            if index % 5 == 4, !resting.isEmpty {
                let (orderId, orderTicker) = resting.remove(at: Int(random.next() % UInt64(resting.count)))
                await harness.venue.exchange.cancel(orderId: orderId, ticker: orderTicker)
                continue
            }
            let side: BookSide = random.next() % 2 == 0 ? .bid : .ask
            let cents = side == .bid ? 30 + Int(random.next() % 25) : 46 + Int(random.next() % 25)
            let request = OrderRequest(
                owner: "flow-\(random.next() % 3)", side: side, price: .cents(cents),
                count: Quantity(units: Int64(1 + random.next() % 5_000)),
                timeInForce: random.next() % 4 == 0 ? .immediateOrCancel : .goodTillCanceled)
            if case .success(let result) = await harness.venue.exchange.submit(request, ticker: ticker),
                let order = result.order, order.isResting
            {
                resting.append((order.id, ticker))
            }
        }
    }

    @Test func bookConvergesToTheExchangeAfterThousandsOfRandomOrders() async throws {
        let harness = try await Harness.start()
        defer { Task { await harness.stop() } }
        let tickers = Array(await harness.thresholdTickers().prefix(4))
        let feed = harness.feed(harness.alice, [FeedSubscription(channels: ["orderbook_delta"], marketTickers: tickers)])
        try await withFeed(feed) {
            await waitUntil(feed, seconds: 20) { _ in await harness.converged(feed, tickers) }
            await randomFlow(harness, tickers: tickers, orders: 3_000, seed: 1)
            // A few hundred more through the signed REST API, from two accounts.
            var random = SplitMixRandom(seed: 2)
            for index in 0..<200 {
                let rest = index % 2 == 0 ? harness.aliceREST : harness.bobREST
                let side: BookSide = random.next() % 2 == 0 ? .bid : .ask
                _ = try? await rest.createOrder(
                    CreateOrderRequest(
                        ticker: tickers[index % tickers.count], clientOrderId: "r-\(index)", side: side,
                        count: Quantity(contracts: 1 + Int(random.next() % 20)),
                        price: .cents(side == .bid ? 35 + Int(random.next() % 20) : 45 + Int(random.next() % 20))))
            }
            await waitUntil(feed, seconds: 30) { _ in await harness.converged(feed, tickers) }
            #expect(feed.bookCounters.gaps == 0)
            #expect(feed.counters.malformedFrames == 0)
        }
    }

    /// Kalshi announced that `use_yes_price` will default to true (NO levels on the YES scale):
    /// the client pins false, so its books stay right on an exchange where the default flipped.
    @Test func theBookStaysRightWhenTheExchangesYesPriceDefaultFlips() async throws {
        let harness = try await Harness.start(useYesPriceByDefault: true)
        defer { Task { await harness.stop() } }
        let tickers = Array(await harness.thresholdTickers().prefix(2))
        let feed = harness.feed(harness.alice, [FeedSubscription(channels: ["orderbook_delta"], marketTickers: tickers)])
        try await withFeed(feed) {
            await randomFlow(harness, tickers: tickers, orders: 300, seed: 5)
            await waitUntil(feed, seconds: 30) { _ in await harness.converged(feed, tickers) }
            #expect(await harness.converged(feed, tickers))
        }
    }

    /// The fake's YES-scale mode itself: a NO bid at 0.30 is published at 0.70.
    @Test func aYesScaleSubscriptionQuotesNoLevelsAtTheYesPrice() async throws {
        let harness = try await Harness.start(useYesPriceByDefault: true)
        defer { Task { await harness.stop() } }
        let ticker = try #require(await harness.thresholdTickers().first)
        let exchange = harness.venue.exchange
        let (id, frames) = await exchange.connect(owner: nil)
        _ = await exchange.submit(
            OrderRequest(owner: "bob", side: .ask, price: .cents(70), count: Quantity(contracts: 3)), ticker: ticker)
        await exchange.handleCommand(
            connection: id, text: #"{"id":1,"cmd":"subscribe","params":{"channels":["orderbook_delta"],"market_ticker":"\#(ticker)"}}"#)
        // The frames are sent while the command is handled; ending the connection lets the
        // buffered ones be read to the end.
        await exchange.disconnect(id)
        var sent: [String] = []
        for await frame in frames { sent.append(frame) }
        let snapshot = try #require(sent.first { $0.contains("orderbook_snapshot") }, "\(sent)")
        #expect(snapshot.contains(#""no_dollars_fp":[["0.7000","3.00"]]"#), "\(snapshot)")
    }

    @Test func fillsAndOrderUpdatesArriveOnPrivateChannels() async throws {
        let harness = try await Harness.start()
        defer { Task { await harness.stop() } }
        let ticker = await harness.thresholdTickers()[5]
        let feed = harness.feed(harness.alice, [FeedSubscription(channels: ["fill", "user_orders", "market_positions"])])
        try await withFeed(feed) {
            await waitUntil(feed, seconds: 10) { event in
                if case .message(.subscribed(_, "market_positions", _)) = event { return true }
                return false
            }
            let resting = try await harness.aliceREST.createOrder(
                CreateOrderRequest(
                    ticker: ticker, clientOrderId: "rest-1", side: .bid, count: Quantity(contracts: 5), price: .cents(44)))
            _ = try await harness.bobREST.createOrder(
                CreateOrderRequest(
                    ticker: ticker, clientOrderId: "hit-1", side: .ask, count: Quantity(contracts: 2), price: .cents(44),
                    timeInForce: .immediateOrCancel))
            let sawFill = Box(false)
            let sawPosition = Box(false)
            await waitUntil(feed, seconds: 10) { event in
                switch event {
                case .message(.fill(_, let fill)):
                    #expect(fill.orderId == resting.orderId && fill.clientOrderId == "rest-1")
                    #expect(fill.isTaker == false && fill.bookSide == .bid && fill.countFp == Quantity(contracts: 2))
                    #expect(fill.yesPriceDollars == .cents(44) && fill.feeCost == .zero)
                    sawFill.value = true
                case .message(.marketPosition(_, let position)):
                    #expect(position.positionFp == Quantity(contracts: 2))
                    sawPosition.value = true
                case .message(.userOrder(_, let order)) where order.fillCountFp == Quantity(contracts: 2):
                    #expect(order.remainingCountFp == Quantity(contracts: 3) && order.status == "resting")
                default: break
                }
                return sawFill.value && sawPosition.value
            }
        }
    }

    @Test func aForcedDisconnectIsFollowedByAConsistentBook() async throws {
        let harness = try await Harness.start()
        defer { Task { await harness.stop() } }
        let tickers = Array(await harness.thresholdTickers().prefix(3))
        let feed = harness.feed(harness.alice, [FeedSubscription(channels: ["orderbook_delta"], marketTickers: tickers)])
        try await withFeed(feed) {
            await randomFlow(harness, tickers: tickers, orders: 300, seed: 3)
            await waitUntil(feed, seconds: 20) { _ in await harness.converged(feed, tickers) }
            await harness.venue.exchange.disconnectAll()
            await waitUntil(feed, seconds: 10) { event in
                if case .disconnected = event { return true }
                return false
            }
            // Changes made while the client is away must show up after it resubscribes.
            await randomFlow(harness, tickers: tickers, orders: 300, seed: 4)
            await waitUntil(feed, seconds: 20) { _ in await harness.converged(feed, tickers) }
            #expect(feed.counters.connects >= 2)
        }
    }

    @Test func injectedGapsDuplicatesAndReordersAreRepairedByResync() async throws {
        var faults = FaultPlan()
        faults.gapRate = 0.02
        faults.duplicateRate = 0.01
        faults.reorderRate = 0.01
        faults.seed = 5
        let harness = try await Harness.start(faults: faults)
        defer { Task { await harness.stop() } }
        let tickers = Array(await harness.thresholdTickers().prefix(3))
        let feed = harness.feed(harness.alice, [FeedSubscription(channels: ["orderbook_delta"], marketTickers: tickers)])
        try await withFeed(feed) {
            await waitUntil(feed, seconds: 10) { event in
                if case .message(.orderbookSnapshot) = event { return true }
                return false
            }
            await randomFlow(harness, tickers: tickers, orders: 1_000, seed: 6)
            // Stop injecting, so the final snapshot requests are answered cleanly.
            await harness.venue.exchange.setFaults(FaultPlan())
            await randomFlow(harness, tickers: tickers, orders: 20, seed: 7)
            await waitUntil(feed, seconds: 30) { _ in await harness.converged(feed, tickers) }
            let book = feed.bookCounters
            #expect(book.gaps + book.duplicatesOrReordered > 0)
            #expect(feed.counters.resyncRequests > 0)
        }
    }

    /// `--faults disconnect=N` ends each connection after N frames, often in the middle of
    /// answering a subscribe (a subscribed frame, then one snapshot per market): the fake must
    /// drop the connection and carry on serving, never trap.
    @Test func theDisconnectFaultEndsConnectionsNotTheVenue() async throws {
        let harness = try await Harness.start(faults: try FaultPlan(parsing: "disconnect=5"))
        defer { Task { await harness.stop() } }
        let tickers = Array(await harness.thresholdTickers().prefix(4))
        let feed = harness.feed(
            harness.alice, [FeedSubscription(channels: ["orderbook_delta", "trade", "fill"], marketTickers: tickers)])
        await withFeed(feed) {
            await waitUntil(feed, seconds: 30, what: "three connections cut by the fault") { _ in
                feed.counters.connects >= 3
            }
        }
        #expect(try await harness.aliceREST.balance().exactBalance == Money(cents: 100_000), "the venue still serves")
    }

    @Test func unauthenticatedWebSocketIsRefused() async throws {
        let harness = try await Harness.start()
        defer { Task { await harness.stop() } }
        let feed = harness.feed(nil, [FeedSubscription(channels: ["ticker"])])
        await withFeed(feed) {
            await waitUntil(feed, seconds: 10) { event in
                if case .disconnected = event { return true }
                return false
            }
            #expect(feed.counters.connects == 0)
        }
    }
}

/// A mutable flag shared with an event callback.
final class Box<Value: Sendable>: @unchecked Sendable {
    // Only touched from the single task that consumes the feed's events.
    var value: Value
    init(_ value: Value) { self.value = value }
}
