import FakeVenues
import Foundation
import SignalClient
import SignalFeeds
import Testing

/// The fake Crypto.com venue answers third-party clients as the real one does: its request
/// limit is pro-rated in a socket's first second (not a blanket refusal of early requests), and
/// `public/get-book` and `public/get-instruments` are served.
struct FakeCryptoComRESTTests {
    @Test func theFirstSecondsAllowanceIsProRated() {
        // Opened 700 ms into second 1000: 30 of 100 until the next second, then 100.
        #expect(FakeSignalConfiguration.allowance(openedWallMs: 1_000_700, second: 1_000, perSecond: 100) == 30)
        #expect(FakeSignalConfiguration.allowance(openedWallMs: 1_000_700, second: 1_001, perSecond: 100) == 100)
        #expect(FakeSignalConfiguration.allowance(openedWallMs: 1_000_000, second: 1_000, perSecond: 100) == 100)
        // At the very end of a second: still one request.
        #expect(FakeSignalConfiguration.allowance(openedWallMs: 1_000_999, second: 1_000, perSecond: 100) == 1)
    }

    @Test func aClientThatSubscribesAtOnceIsServed() async throws {
        // The venue's defaults: no early-request window, 100 requests a second pro-rated.
        let harness = try await SignalHarness.start { $0.earlyRequestWindowMs = 0 }
        defer { Task { await harness.stop() } }
        let client = harness.cryptoCom { $0.subscribeDelayMs = 0 }
        try await withSource(client) {
            try #require(await waitUntil(client) { if case .subscribed = $0 { return true } else { return false } })
        }
        #expect(await harness.feed.stats.rateLimitedRequests == 0)
    }

    @Test func getBookServesTheLadderAtTheRequestedDepth() async throws {
        let harness = try await SignalHarness.start()
        defer { Task { await harness.stop() } }
        let answer = await harness.feed.handleREST(method: "get-book", query: ["instrument_name": "ETH_USD", "depth": "5"])
        #expect(answer.status == 200)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any])
        let result = try #require(json["result"] as? [String: Any])
        #expect(result["depth"] as? String == "5" && result["instrument_name"] as? String == "ETH_USD")
        let book = try #require((result["data"] as? [[String: Any]])?.first)
        let bids = try #require(book["bids"] as? [[String]])
        let asks = try #require(book["asks"] as? [[String]])
        #expect(bids.count == 5 && asks.count == 5)
        let bestBid = try #require(Double(bids[0][0]))
        let bestAsk = try #require(Double(asks[0][0]))
        #expect(bestBid < bestAsk)
        #expect(zip(bids, bids.dropFirst()).allSatisfy { Double($0[0])! > Double($1[0])! }, "bids descend")

        for query in [["instrument_name": "ETH_USD"], ["instrument_name": "ETH_USD", "depth": "51"], ["depth": "5"]] {
            #expect(await harness.feed.handleREST(method: "get-book", query: query).status == 400, "\(query)")
        }
    }

    @Test func getInstrumentsListsTheQuotedPairs() async throws {
        let harness = try await SignalHarness.start()
        defer { Task { await harness.stop() } }
        let answer = await harness.feed.handleREST(method: "get-instruments", query: [:])
        #expect(answer.status == 200)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any])
        let data = try #require((json["result"] as? [String: Any])?["data"] as? [[String: Any]])
        let symbols = Set(data.compactMap { $0["symbol"] as? String })
        #expect(symbols.isSuperset(of: ["ETH_USD", "BTC_USD"]))
        #expect(data.allSatisfy { $0["price_tick_size"] as? String == "0.01" })
    }
}
