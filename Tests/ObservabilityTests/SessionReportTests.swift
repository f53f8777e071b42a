import Foundation
import Testing

@testable import TraderRuntime

/// `report` of session logs written by hand, so every figure is known in advance.
struct SessionReportTests {
    static func write(_ lines: [String], to url: URL) throws {
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: url)
    }

    /// One run: the market valued at mids 0.45 then 0.55, 10 contracts bought at 0.40 with a
    /// 0.07 fee, then settled YES: P&L 10 × (1 − 0.40) − 0.07 = 5.93.
    static func run(in folder: URL, ticker: String = "KXETHD-26DEC0411-T3000", extraLine: String? = nil) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var decisions = [
            #"{"time":"2026-12-04T15:00:00.000Z","ticker":"\#(ticker)","spot":"3000.00","vol":0.5,"time_to_close":3600.000,"fair":0.6,"bid":"0.4000","ask":"0.5000","edge":0.1,"action":"buy"}"#,
            #"{"time":"2026-12-04T15:00:05.000Z","ticker":"\#(ticker)","spot":"3001.00","vol":0.5,"time_to_close":3595.000,"fair":0.7,"bid":"0.5000","ask":"0.6000","edge":0.05,"action":"hold"}"#,
        ]
        if let extraLine { decisions.append(extraLine) }
        try write(decisions, to: folder.appendingPathComponent("decisions.jsonl"))
        try write(
            [
                #"{"time":"2026-12-04T15:00:00.000Z","client_order_id":"s-1","ticker":"\#(ticker)","side":"bid","price":"0.4000","count":"10.00","event":"sent","reason":null}"#
            ], to: folder.appendingPathComponent("orders.jsonl"))
        try write(
            [
                #"{"time":"2026-12-04T15:00:00.100Z","ticker":"\#(ticker)","side":"bid","price":"0.4000","count":"10.00","fee":"0.0700","client_order_id":"s-1","liquidity":"taker","position":"10.00"}"#
            ], to: folder.appendingPathComponent("fills.jsonl"))
        try write(
            [
                #"{"time":"2026-12-04T16:00:10.000Z","kind":"settlement","ticker":"\#(ticker)","detail":"result yes at 1.00; position 10.00 paid 10.00"}"#
            ], to: folder.appendingPathComponent("state.jsonl"))
        try Data(#"{"session_id":"s","mode":"demo","starting_balance":"1000.0000","final_balance":"1005.9300"}"#.utf8)
            .write(to: folder.appendingPathComponent("summary.json"))
    }

    static func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("session-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func oneSessionsPnLFillsAndCalibrationComeFromItsLogs() throws {
        let root = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.run(in: root.appendingPathComponent("demo-session"))
        let runs = try SessionReport.load(directory: root.appendingPathComponent("demo-session").path)
        let document = try SessionReport.document(for: runs, directory: root.appendingPathComponent("demo-session").path)
        #expect(document.runs.count == 1)
        #expect(document.runs[0].pnlNet == "5.9300")
        #expect(document.runs[0].trades == 1)
        #expect(document.runs[0].fees == "0.0700")
        #expect(document.runs[0].events == 2)
        // Flat at first; bought at 0.40 with the mid at 0.45 → +0.50 − 0.07 = 0.43; mid 0.55 → 1.43; YES → 5.93.
        #expect(document.runs[0].pnl.map(\.value) == [0, 0.43, 1.43, 5.93])
        #expect(document.fills.count == 1 && document.fills[0].price == "0.4000")
        let calibration = try #require(document.calibration)
        #expect(calibration.valuations == 2)
        // Fair 0.6 and 0.7 against a YES: ((0.4)² + (0.3)²) / 2 = 0.125; mids 0.45, 0.55: 0.2525.
        #expect(abs((calibration.brierModel ?? 0) - 0.125) < 1e-12)
        #expect(abs((calibration.brierMarket ?? 0) - 0.2525) < 1e-12)

        let output = try SessionReport.write(directory: root.appendingPathComponent("demo-session").path, out: root.appendingPathComponent("out").path)
        let html = try String(contentsOf: output.page, encoding: .utf8)
        #expect(html.contains("KXETHD-26DEC0411-T3000"))
        #expect(html.contains("5.9300"))
        #expect(output.fills == 1 && output.decisions == 2 && output.unreadableLines == 0)
    }

    @Test func aLiveSessionsRunsAreRowsOfOneReport() throws {
        let root = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        // run-10 sorts after run-2 by number, not by name.
        try Self.run(in: root.appendingPathComponent("session/run-10"), ticker: "KXETHD-26DEC0412-T3000")
        try Self.run(in: root.appendingPathComponent("session/run-2"))
        let runs = try SessionReport.load(directory: root.appendingPathComponent("session").path)
        #expect(runs.map(\.label) == ["run-2", "run-10"])
        let document = try SessionReport.document(for: runs, directory: root.appendingPathComponent("session").path)
        #expect(document.runs.map(\.pnlNet) == ["5.9300", "5.9300"])
        #expect(document.calibration?.valuations == 4)
    }

    @Test func unreadableLinesAreLeftOutAndNamed() throws {
        let root = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.run(in: root, extraLine: #"{"time":"2026-12-04T15:00:06.000Z","ticker":"KX"#)
        var runs = try SessionReport.load(directory: root.path)
        let document = try SessionReport.document(for: &runs, directory: root.path)
        #expect(runs[0].unreadable == ["decisions.jsonl": 1])
        #expect(runs[0].decisionCount == 2)
        #expect(document.notes.contains { $0.contains("decisions.jsonl: 1") })
    }

    /// A live session's clock can step back: its valuations are then read twice and sorted, and
    /// the report is the one the same valuations in time order give.
    @Test func valuationsGoingBackInTimeReportAsTheSameValuationsInOrder() throws {
        let root = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let late = #"{"time":"2026-12-04T15:00:09.000Z","ticker":"KXETHD-26DEC0411-T3000","fair":0.8,"bid":"0.7000","ask":"0.8000"}"#
        let early = #"{"time":"2026-12-04T15:00:02.000Z","ticker":"KXETHD-26DEC0411-T3000","fair":0.6,"bid":"0.3000","ask":"0.3200"}"#
        try Self.run(in: root.appendingPathComponent("unordered"), extraLine: late + "\n" + early)
        try Self.run(in: root.appendingPathComponent("ordered"))
        let orderedLines = try String(contentsOf: root.appendingPathComponent("ordered/decisions.jsonl"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        try Self.write([orderedLines[0], early, orderedLines[1], late], to: root.appendingPathComponent("ordered/decisions.jsonl"))
        var unordered = try SessionReport.load(directory: root.appendingPathComponent("unordered").path)
        var ordered = try SessionReport.load(directory: root.appendingPathComponent("ordered").path)
        let a = try SessionReport.document(for: &unordered, directory: "x")
        let b = try SessionReport.document(for: &ordered, directory: "x")
        #expect(unordered[0].decisionCount == 4 && ordered[0].decisionCount == 4)
        #expect(a.runs[0].pnl.map(\.value) == b.runs[0].pnl.map(\.value))
        #expect(a.runs[0].pnl.map(\.timeMs) == b.runs[0].pnl.map(\.timeMs))
        #expect(a.runs[0].pnlNet == b.runs[0].pnlNet && a.runs[0].maxDrawdown == b.runs[0].maxDrawdown)
        #expect(a.runs[0].pnl.count == 6, "four marks, the fill and the settlement")
    }

    /// Lines cross the reader's 1 MB chunks: every one is read, none twice.
    @Test func aLogLargerThanTheReadersChunkIsReadWhole() throws {
        let root = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.run(in: root)
        var lines: [String] = []
        for second in 0..<12_000 {
            let time = String(format: "2026-12-04T15:%02d:%02d.000Z", second / 60 % 60, second % 60)
            lines.append(
                #"{"time":"\#(time)","ticker":"KX-\#(second % 7)","spot":"3000.00","vol":0.5,"time_to_close":1.000,"fair":0.5,"bid":"0.4000","ask":"0.5000","edge":0.1,"action":"hold"}"#
            )
        }
        try Self.write(lines, to: root.appendingPathComponent("decisions.jsonl"))
        #expect(try Data(contentsOf: root.appendingPathComponent("decisions.jsonl")).count > JSONLinesFile.chunkBytes + JSONLinesFile.chunkBytes / 2)
        var runs = try SessionReport.load(directory: root.path)
        var tickers: [String: Int] = [:]
        try runs[0].forEachDecision { tickers[$0.ticker, default: 0] += 1 }
        #expect(runs[0].decisionCount == 12_000)
        #expect(tickers.count == 7 && tickers.values.reduce(0, +) == 12_000 && tickers["KX-0"] == 1_715)
        #expect(runs[0].unreadable.isEmpty)
    }

    @Test func aFolderWithoutLogsOrAFillOutOfRangeIsRefused() throws {
        let root = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(throws: SessionReportError.notASessionDirectory(root.path)) { try SessionReport.load(directory: root.path) }
        #expect(throws: SessionReportError.notASessionDirectory(root.appendingPathComponent("missing").path)) {
            try SessionReport.load(directory: root.appendingPathComponent("missing").path)
        }
        try Self.run(in: root)
        try Self.write(
            [
                #"{"time":"2026-12-04T15:00:00.100Z","ticker":"KX","side":"bid","price":"0.4000","count":"20000000.00","fee":"0.0700","liquidity":"taker","position":"10.00"}"#
            ], to: root.appendingPathComponent("fills.jsonl"))
        #expect(throws: SessionReportError.self) {
            try SessionReport.document(for: try SessionReport.load(directory: root.path), directory: root.path)
        }
        // A position no account can hold is refused too, not marked.
        try Self.write(
            [
                #"{"time":"2026-12-04T15:00:00.100Z","ticker":"KX","side":"bid","price":"0.4000","count":"1.00","fee":"0.0100","liquidity":"taker","position":"20000000.00"}"#
            ], to: root.appendingPathComponent("fills.jsonl"))
        #expect(throws: SessionReportError.self) {
            try SessionReport.document(for: try SessionReport.load(directory: root.path), directory: root.path)
        }
    }
}
