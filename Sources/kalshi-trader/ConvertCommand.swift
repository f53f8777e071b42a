import ArgumentParser
import Foundation
import KalshiAPI
import Recording

struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert real captures or candles into a recording (several inputs merge by time).",
        discussion: """
            --from kalshi-ws-jsonl: Kalshi WebSocket frames ({"recv_ts_ns":…,"raw":"…"} lines or bare \
            frames) become book snapshots, deltas and trades; markets are defined from their tickers. \
            --from kalshi-book-csv: the top-5 book + index CSV; books become snapshots, index rows \
            (BRTI) index spots (the settlement source) and the volatility derived from them. \
            --from candles-csv: one-minute candles become spots and volatility. An input that is \
            already a recording is merged as it is. Prints one JSON line describing the output.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case kalshiWSJSONL = "kalshi-ws-jsonl"
        case kalshiBookCSV = "kalshi-book-csv"
        case candlesCSV = "candles-csv"
    }

    @Option(help: "Input format: kalshi-ws-jsonl, kalshi-book-csv or candles-csv.")
    var from: Format

    @Option(help: "ETH or BTC: the underlying when the input does not say (required for candles unless the file name does).")
    var asset: String?

    @Option(help: "Venue name of candle spots.")
    var venue: String = "candles"

    @Option(help: "The recording to write.")
    var out: String

    @Argument(help: "Input files (recordings among them are merged as they are).")
    var inputs: [String]

    func validate() throws {
        guard !inputs.isEmpty else { throw ValidationError("give at least one input file") }
        if let asset {
            guard ["ETH", "BTC"].contains(asset.uppercased()) else {
                throw ValidationError("--asset must be ETH or BTC, got '\(asset)'")
            }
        }
        for input in inputs where !FileManager.default.isReadableFile(atPath: input) {
            throw ValidationError("cannot read input '\(input)'")
        }
        guard !inputs.contains(out) else { throw ValidationError("--out '\(out)' is also an input") }
        if let twice = inputs.first(where: { input in inputs.filter { $0 == input }.count > 1 }) {
            throw ValidationError("input '\(twice)' is given twice (its records would be doubled)")
        }
        guard !venue.isEmpty else { throw ValidationError("--venue must not be empty") }
    }

    func run() throws {
        var streams: [any RecordStream] = []
        do {
            for input in inputs {
                if RecordingReader.isRecording(path: input) {
                    streams.append(try RecordingStream(path: input))
                    continue
                }
                switch from {
                case .kalshiWSJSONL:
                    streams.append(try KalshiWSConverter(path: input, asset: asset?.uppercased()))
                case .kalshiBookCSV:
                    streams.append(try KalshiBookCSVConverter(path: input, asset: asset?.uppercased()))
                case .candlesCSV:
                    guard let assetName = asset?.uppercased() ?? Self.assetFromName(input) else {
                        throw CommandFailure(description: "--asset is needed: '\(input)' does not name ETH or BTC")
                    }
                    streams.append(try CandleCSVConverter(path: input, asset: assetName, venue: venue))
                }
            }
        } catch let error as ConversionError {
            throw CommandFailure(description: error.description)
        }
        let names = inputs.map { URL(fileURLWithPath: $0).lastPathComponent }.joined(separator: ", ")
        try? FileManager.default.createDirectory(
            at: URL(fileURLWithPath: out).deletingLastPathComponent(), withIntermediateDirectories: true)
        let summary: RecordingMerger.Summary
        let bytes: Int64
        do {
            let header = try RecordingMerger.header(for: streams, source: "\(from.rawValue): \(names)")
            let writer = try RecordingWriter(path: out, header: header)
            summary = try RecordingMerger.merge(streams, into: writer)
            try writer.close()
            bytes = writer.bytesWritten
        } catch let error as ConversionError {
            throw CommandFailure(description: error.description)
        } catch let error as RecordingError {
            throw CommandFailure(description: error.description)
        }
        var notices = 0
        for stream in streams {
            notices += stream.notices.count
            for message in stream.notices.messages { StandardError.print("warning: \(stream.inputDescription): \(message)") }
            if stream.notices.count > stream.notices.messages.count {
                StandardError.print(
                    "warning: \(stream.inputDescription): \(stream.notices.count - stream.notices.messages.count) more")
            }
        }
        guard summary.records > 0 else {
            try? FileManager.default.removeItem(atPath: out)
            throw CommandFailure(
                description:
                    "nothing in \(names) could be converted as \(from.rawValue) (\(notices) warnings); is --from right? No recording written.")
        }
        var writer = JSONLineWriter()
        writer.add("out", out)
        writer.add("records", summary.records)
        writer.add("markets", summary.markets)
        writer.add("first_time", summary.firstTimeMs.map { RFC3339.format(ms: $0) })
        writer.add("last_time", summary.lastTimeMs.map { RFC3339.format(ms: $0) })
        writer.add("bytes", Int(bytes))
        writer.add("warnings", notices)
        print(writer.line)
    }

    static func assetFromName(_ path: String) -> String? {
        let name = URL(fileURLWithPath: path).lastPathComponent.lowercased()
        if name.contains("btc") { return "BTC" }
        if name.contains("eth") { return "ETH" }
        return nil
    }
}
