import Foundation
import KalshiCore
import Strategies
import Testing
import TradingEngine
import TradingSession

@testable import TraderRuntime

/// The backtest's session files, written by their own thread: every record handed over comes
/// out, in order, as `SessionLog` formats it; a log dropped without its summary still leaves
/// its lines; a failed write is reported, not lost.
struct BacktestLogTests {
    private func records(_ count: Int) -> [EngineRecord] {
        (0..<count).map { index in
            let time = 1_776_490_453_000 + Int64(index) * 17
            switch index % 7 {
            case 0:
                return .order(
                    OrderRecord(
                        timeMs: time, clientOrderId: "c\(index)", ticker: "KX-\(index % 5)", side: .bid, price: Price(uncheckedTicks: 4_200),
                        count: Quantity(contracts: 1), event: "placed", reason: "edge"))
            case 1:
                return .fill(
                    FillRecord(
                        timeMs: time, clientOrderId: "c\(index)", ticker: "KX-\(index % 5)", side: .ask, price: Price(uncheckedTicks: 5_800),
                        count: Quantity(contracts: 2), fee: Money(micros: 20_000), isTaker: true, position: Quantity(contracts: -2)))
            case 2:
                return .state(StateRecord(timeMs: time, kind: "book_untrusted", ticker: index % 2 == 0 ? nil : "KX", detail: "gap \"\(index)\""))
            default:
                return .decision(
                    Decision(
                        timeMs: time, ticker: "KX-\(index % 5)", spot: Money(micros: 3_000_000_000 + Int64(index)), volatility: 0.5,
                        secondsToClose: Double(index), fair: Double(index % 1_000) / 1_000, bid: nil, ask: Price(uncheckedTicks: 5_000),
                        edge: -0.01, action: "hold"))
            }
        }
    }

    private func expectedFiles(_ records: [EngineRecord]) -> [String: String] {
        var files = ["decisions.jsonl": "", "orders.jsonl": "", "fills.jsonl": "", "state.jsonl": ""]
        for record in records {
            switch record {
            case .decision(let decision): files["decisions.jsonl"]! += SessionLog.json(decision) + "\n"
            case .order(let order): files["orders.jsonl"]! += SessionLog.json(order) + "\n"
            case .fill(let fill): files["fills.jsonl"]! += SessionLog.json(fill) + "\n"
            case .state(let state): files["state.jsonl"]! += SessionLog.json(state) + "\n"
            }
        }
        return files
    }

    private func temporaryDirectory() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("backtest-log-\(UUID().uuidString)")
    }

    private func contents(_ directory: URL, _ name: String) -> String? {
        try? String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }

    @Test func everyRecordComesOutInOrderAcrossManyBlocks() throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let all = records(LogWriterThread.blockSize * 5 + 123)
        let log = try BacktestLog(directory: directory)
        // Blocks of uneven sizes, some larger than the queue holds at once.
        var start = 0
        var size = 1
        while start < all.count {
            var block = Array(all[start..<min(all.count, start + size)])
            log.take(&block)
            #expect(block.isEmpty)
            start += size
            size = size * 3 + 7
        }
        let engine = TradingEngine(
            strategy: BinaryEdgeStrategy(), startingBalance: Money(cents: 100_000), limits: RiskLimits(), sessionPrefix: "t")
        try log.writeSummary(SessionSummary(sessionId: "test", mode: "backtest", engine: engine))
        for (name, text) in expectedFiles(all) { #expect(contents(directory, name) == text, "\(name)") }
        #expect(contents(directory, "summary.json") != nil)
    }

    @Test func aLogDroppedWithoutItsSummaryStillLeavesItsLines() throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let all = records(LogWriterThread.blockSize + 10)
        do {
            let log = try BacktestLog(directory: directory)
            var block = all
            log.take(&block)
        }
        for (name, text) in expectedFiles(all) { #expect(contents(directory, name) == text, "\(name)") }
        #expect(contents(directory, "summary.json") == nil)
    }

    @Test func aFailedWriteIsReported() throws {
        let directory = temporaryDirectory()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        func file(_ name: String) throws -> BufferedFile { try BufferedFile(directory.appendingPathComponent(name)) }
        // Decisions go to a descriptor open for reading only: every write to it fails.
        let readOnly = directory.appendingPathComponent("read-only")
        #expect(FileManager.default.createFile(atPath: readOnly.path, contents: Data()))
        let refusing = BufferedFile(handle: try FileHandle(forReadingFrom: readOnly))
        let files = LogFiles(decisions: refusing, orders: try file("orders.jsonl"), fills: try file("fills.jsonl"), states: try file("state.jsonl"))
        let writer = LogWriterThread(files: files)
        var block = records(LogWriterThread.blockSize * 3)
        writer.enqueue(&block)
        #expect(throws: (any Error).self) { try writer.close() }
        // The other files are written whole all the same.
        let expected = expectedFiles(records(LogWriterThread.blockSize * 3))
        #expect(contents(directory, "orders.jsonl") == expected["orders.jsonl"])
    }
}
