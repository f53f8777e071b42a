import ArgumentParser
import Foundation
import Recording
import TraderRuntime

struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Print a recording's books and signals (no strategy, no orders).",
        discussion: """
            One JSON line per change of a market's top of book ("type":"book"), public trade \
            ("trade"), spot ("spot") and volatility ("volatility"), then each market's final book \
            and a summary line. Raw frames of a recording made by `record` go through the same \
            sessions as in a backtest. A damaged recording is replayed up to the damage, then the \
            error names the byte offset and the command exits non-zero.
            """
    )

    @Argument(help: "The recording.")
    var file: String

    @Flag(help: "Print only the final books and the summary.")
    var summary = false

    func run() throws {
        let reader: RecordingReader
        do { reader = try RecordingReader(path: file) } catch { throw CommandFailure(description: error.description) }
        var inspector = ReplayInspector(header: reader.header)
        var output = BufferedOutput()
        var damage: RecordingError?
        while true {
            do {
                guard let record = try reader.next() else { break }
                let lines = inspector.consume(record)
                if !summary { for line in lines { output.line(line) } }
            } catch {
                damage = error
                break
            }
        }
        for line in inspector.finalBooks { output.line(line) }
        output.line(inspector.summaryLine)
        output.flush()
        if let damage { throw CommandFailure(description: "\(file): \(damage.description)") }
    }
}

/// Standard output in large writes (a replay prints millions of lines).
struct BufferedOutput {
    private var buffer: [UInt8] = []

    mutating func line(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        buffer.append(UInt8(ascii: "\n"))
        if buffer.count >= 1 << 16 { flush() }
    }

    mutating func flush() {
        guard !buffer.isEmpty else { return }
        FileHandle.standardOutput.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }
}
