import Foundation

/// Locates the shared real captures (`<repo>/../shared/data`). They are internal fixtures that
/// never ship with the repository; tests that need them are skipped when they are absent.
enum Fixtures {
    static let sharedData = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/data")

    static let orderbookCapture = sharedData.appendingPathComponent("kalshi/ws_orderbook_KXBTC_range_2026-04-18.jsonl")
    static let tickerCapture = sharedData.appendingPathComponent("kalshi/ws_ticker_2026-02-12.jsonl")
    static let tradeCapture = sharedData.appendingPathComponent("kalshi/ws_trade_2026-02-12.jsonl")

    static func exists(_ url: URL) -> Bool { FileManager.default.fileExists(atPath: url.path) }

    static func lines(_ url: URL) throws -> [String] {
        try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    }
}
