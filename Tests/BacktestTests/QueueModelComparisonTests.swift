import Foundation
import KalshiCore
import Recording
import Testing
import TraderRuntime
import TradingEngine

/// Issue section 5: the same backtest under two queue models and two latencies. A resting
/// (`make`) order joins a bid behind 100 contracts; 100 more join behind it and then 100 cancel;
/// a seller takes 60 at the bid. The conservative model puts every cancellation behind us (still
/// 100 ahead: no fill); the probabilistic one half of them ahead (50 ahead: we fill). With a
/// second of latency the order arrives after all of it.
struct QueueModelComparisonTests {
    static let start: Int64 = 1_800_000_000_000 - 1_800_000
    static let close: Int64 = 1_800_000_000_000

    static func recording() throws -> String {
        let path = try Scratch.directory().appendingPathComponent("queue.krec").path
        let writer = try RecordingWriter(path: path, header: RecordingHeader(producer: "test", source: "test"))
        let metadata = MarketMetadata(
            ticker: "KXETHD-TEST-T2999.99", eventTicker: "KXETHD-TEST", seriesTicker: "KXETHD", title: "", strikeType: .greater,
            floorStrike: Money(cents: 299_999), capStrike: nil, openTimeMs: close - 3_600_000, closeTimeMs: close,
            expirationTimeMs: nil, priceGrid: .linearCent, fees: FeeSchedule(type: .quadratic))
        let forty = try Price(cents: 40)
        try writer.append(start, .name(RecordedName(namespace: .asset, id: 0, text: "ETH")))
        try writer.append(start, .market(RecordedMarket(id: 0, asset: "ETH", metadata: metadata)))
        try writer.append(
            start,
            .bookSnapshot(market: 0, yes: [BookLevel(price: forty, size: Quantity(contracts: 100))], no: [BookLevel(price: forty, size: Quantity(contracts: 100))]))
        try writer.append(start, .volatility(asset: 0, sigma: 0.5))
        try writer.append(start, .spot(RecordedSpot(asset: 0, venue: 0, kind: .index, price: Money(cents: 300_000), exchangeTimeMs: start)))
        try writer.append(start + 200, .bookDelta(market: 0, BookDelta(side: .yes, price: forty, delta: Quantity(contracts: 100))))
        try writer.append(start + 300, .bookDelta(market: 0, BookDelta(side: .yes, price: forty, delta: Quantity(contracts: -100))))
        try writer.append(start + 400, .publicTrade(market: 0, yesPrice: forty, count: Quantity(contracts: 60), takerSide: .ask))
        try writer.close()
        return path
    }

    @Test func restingOrdersFillDifferentlyUnderTheTwoQueueModels() throws {
        var configuration = tradingConfiguration()
        configuration.strategy.orderStyle = .make
        configuration.strategy.cooldownSeconds = 60
        let variants = [
            ExecutionVariant(queueModel: .conservative, entryLatencyMs: 50, acknowledgementLatencyMs: 50),
            ExecutionVariant(queueModel: .probabilistic, entryLatencyMs: 50, acknowledgementLatencyMs: 50),
            ExecutionVariant(queueModel: .conservative, entryLatencyMs: 1_000, acknowledgementLatencyMs: 1_000),
            ExecutionVariant(queueModel: .probabilistic, entryLatencyMs: 1_000, acknowledgementLatencyMs: 1_000),
        ]
        let (result, directory) = try backtest(try Self.recording(), configuration: configuration, report: true, variants: variants)
        func trades(_ metrics: String) throws -> Int {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(metrics.utf8)) as? [String: Any])
            return try #require(object["trades"] as? Int)
        }
        #expect(try result.runs.map { try trades($0.metrics) } == [0, 1, 0, 0], "\(result.runs)")
        let orders = try lines(directory.appendingPathComponent("out/orders.jsonl"))
        #expect(orders.contains { $0.contains(#""price":"0.4000""#) }, "the quote joined the 0.40 bid: \(orders)")
        let html = try String(contentsOf: directory.appendingPathComponent("report/index.html"), encoding: .utf8)
        for variant in variants { #expect(html.contains(variant.label)) }
    }
}
