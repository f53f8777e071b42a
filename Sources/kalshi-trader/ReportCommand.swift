import ArgumentParser
import Foundation
import TraderRuntime

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Render a session's logs (demo, record, one live run, or all runs of a live session) as an HTML report.",
        discussion: """
            DIR is a session's log folder: logs/<session-id>/ of a demo or a recording, \
            logs/<session>/run-N/ for one run of a live session, or logs/<session>/ for all its \
            runs. The page is the backtest report's: P&L over time, each market's fair value \
            against bid and ask with the fills, fills and fees, and the model's calibration \
            (reliability) against the outcomes the logs saw settle. Writes DIR/report/index.html \
            unless --out says where.
            """
    )

    @Argument(help: "The session's log folder.")
    var directory: String

    @Option(help: "Folder for index.html (default: DIR/report).")
    var out: String?

    func run() throws {
        let target = out ?? URL(fileURLWithPath: directory).appendingPathComponent("report").path
        let output: SessionReport.Output
        do { output = try SessionReport.write(directory: directory, out: target) } catch {
            throw CommandFailure(description: error.description)
        }
        print(
            "report: \(output.page.path) (\(output.runs) run\(output.runs == 1 ? "" : "s"), \(output.decisions) valuations, \(output.fills) fills)"
        )
        if output.unreadableLines > 0 {
            FileHandle.standardError.write(
                Data("warning: \(output.unreadableLines) log line(s) could not be read and were left out (named in the report)\n".utf8))
        }
    }
}
