import Foundation

@testable import Recording

/// The shared real captures (`<repo>/../shared/data`); tests that need them skip when absent.
enum SharedData {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/data")

    static let bookCSV = folder.appendingPathComponent("kalshi_KXBTCD-25MAY1323_book_brti_2025-05-14.csv")
    static let wsCapture = folder.appendingPathComponent("kalshi/ws_orderbook_KXBTC_range_2026-04-18.jsonl")
    static let btcCandles = folder.appendingPathComponent("btcusdt_1m_binance_2025-01-01_2025-02-04.csv")

    static func exists(_ url: URL) -> Bool { FileManager.default.fileExists(atPath: url.path) }
}

enum Scratch {
    static func directory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("recording-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func file(_ name: String, contents: String) throws -> String {
        let url = try directory().appendingPathComponent(name)
        try contents.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }
}

/// Reads a whole recording (tests only: a backtest streams).
func readAll(_ path: String) throws -> [Record] {
    let reader = try RecordingReader(path: path)
    var records: [Record] = []
    while let record = try reader.next() { records.append(record) }
    return records
}

/// Converts into a fresh recording and returns its path.
func convert(_ streams: [any RecordStream]) throws -> (String, RecordingMerger.Summary) {
    let path = try Scratch.directory().appendingPathComponent("out.krec").path
    let writer = try RecordingWriter(path: path, header: try RecordingMerger.header(for: streams, source: "test"))
    let summary = try RecordingMerger.merge(streams, into: writer)
    try writer.close()
    return (path, summary)
}
