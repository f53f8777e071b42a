import ArgumentParser
import Foundation
import KalshiAPI

struct BookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "book",
        abstract: "Replay recorded Kalshi WebSocket frames and print each market's book.",
        discussion: """
            Each line of the file is a raw frame or a capture wrapper {"recv_ts_ns":…,"raw":"…"}. \
            Prints one JSON object per market (sorted by ticker) and a summary object. Malformed \
            lines are reported on stderr with their line number, counted in `errors`, and skipped.
            """
    )

    @Option(help: "File of recorded frames (JSON lines).")
    var replay: String

    func run() throws {
        var replayer = BookReplay()
        let lines: ByteLineReader
        do { lines = try ByteLineReader(path: replay) } catch { throw CommandFailure(description: error.description) }
        while let line = lines.next() {
            for notice in replayer.consume(bytes: line, number: lines.lineNumber) {
                let label = notice.kind == .malformed ? "error" : "notice"
                StandardError.print("\(replay):\(notice.line): \(label): \(notice.message)")
            }
        }
        if let failure = lines.failure {
            throw CommandFailure(description: "cannot read '\(replay)' after line \(lines.lineNumber): \(failure)")
        }
        for market in replayer.markets { print(market.json) }
        print(replayer.summary.json)
    }
}
