import Foundation
import KalshiCore
import Recording
import TraderRuntime
import TradingEngine

enum SharedData {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/data")
    static let bookCSV = folder.appendingPathComponent("kalshi_KXBTCD-25MAY1323_book_brti_2025-05-14.csv")

    static func exists(_ url: URL) -> Bool { FileManager.default.fileExists(atPath: url.path) }
}

enum Scratch {
    static func directory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("backtest-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// A configuration under which the strategy trades the synthetic recording often.
func tradingConfiguration() -> TradingConfiguration {
    var configuration = TradingConfiguration()
    configuration.startingBalance = Money(cents: 10_000_000)
    configuration.risk.maxInventory = Quantity(contracts: 1_000)
    configuration.risk.maxInventoryDev = Quantity(contracts: 3_000)
    configuration.risk.maxBalanceDev = Money(cents: 10_000_000)
    configuration.risk.maximumOrderbookStaleness = 1e9
    configuration.risk.maxOrdersPerSecond = 1_000
    configuration.strategy.tradeSize = Quantity(contracts: 1)
    configuration.strategy.cooldownSeconds = 0.5
    return configuration
}

func synthetic(events: Int, seed: UInt64 = 5) throws -> String {
    let path = try Scratch.directory().appendingPathComponent("synthetic.krec").path
    try SyntheticRecording.write(path: path, events: events, seed: seed)
    return path
}

func backtest(
    _ path: String, configuration: TradingConfiguration = tradingConfiguration(), report: Bool = false,
    variants: [ExecutionVariant] = [], readAhead: Bool = true
) throws -> (BacktestResult, URL) {
    let directory = try Scratch.directory()
    var options = BacktestOptions()
    options.outDirectory = directory.appendingPathComponent("out").path
    options.reportDirectory = report ? directory.appendingPathComponent("report").path : nil
    options.variants = variants
    options.readAhead = readAhead
    return (try BacktestSession.run(recordingPath: path, configuration: configuration, options: options), directory)
}

func contents(_ url: URL) -> Data? { FileManager.default.contents(atPath: url.path) }

func jsonObject(_ url: URL) throws -> [String: Any] {
    try JSONSerialization.jsonObject(with: try Data(contentsOf: url)) as! [String: Any]
}

func lines(_ url: URL) throws -> [String] {
    try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
}
