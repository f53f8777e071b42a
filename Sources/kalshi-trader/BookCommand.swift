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
        var lineNumber = 0
        do {
            try LineReader.forEachLine(inFile: replay) { line in
                lineNumber += 1
                for notice in replayer.consume(line: line, number: lineNumber) {
                    let label = notice.kind == .malformed ? "error" : "notice"
                    StandardError.print("\(replay):\(notice.line): \(label): \(notice.message)")
                }
            }
        } catch {
            throw CommandFailure(description: "cannot read '\(replay)': \(error)")
        }
        for market in replayer.markets { print(market.json) }
        print(replayer.summary.json)
    }
}
