import Foundation
import Testing

/// The observability flags as a user types them.
@Suite(.enabled(if: CLIRunner.isAvailable, "kalshi-trader is not built"))
struct ObservabilityCommandTests {
    @Test(arguments: [
        (["demo", "--dashboard-control"], "--dashboard-control"),
        (["demo", "--metrics", "9090"], "--metrics '9090'"),
        (["demo", "--dashboard", "127.0.0.1:70000"], "--dashboard '127.0.0.1:70000'"),
        (["demo", "--dashboard", "0.0.0.0:8090", "--dashboard-control"], "loopback"),
        (["demo", "--log-format", "xml"], "--log-format"),
        (["record", "--out", "/tmp/x.krec", "--metrics", "localhost"], "--metrics 'localhost'"),
        (["fake-venue", "--metrics", "::"], "--metrics"),
    ])
    func badFlagsAreRefusedByName(arguments: [String], named: String) async throws {
        let result = try await CLIRunner.run(arguments)
        #expect(result.status != 0)
        #expect(result.stderr.contains(named), "stderr: \(result.stderr)")
    }

    @Test func theDemoPrintsWhereItServesAndTheReportRendersItsLogs() async throws {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let logs = directory.appendingPathComponent("logs").path
        let result = try await CLIRunner.run([
            "demo", "--metrics", "127.0.0.1:0", "--dashboard", "127.0.0.1:0", "--dashboard-control", "--runtime", "3", "--logs", logs,
        ])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.contains("dashboard: http://127.0.0.1:"))
        #expect(result.stdout.contains("metrics: http://127.0.0.1:"))
        #expect(result.stdout.range(of: #"dashboard control: kill switch enabled; token [0-9a-f]{32}"#, options: .regularExpression) != nil)
        let session = try #require(try FileManager.default.contentsOfDirectory(atPath: logs).first)
        let out = directory.appendingPathComponent("report").path
        let report = try await CLIRunner.run(["report", "\(logs)/\(session)", "--out", out])
        #expect(report.status == 0, "stderr: \(report.stderr)")
        #expect(report.stdout.hasPrefix("report: \(out)/index.html (1 run, "))
        let html = try String(contentsOfFile: "\(out)/index.html", encoding: .utf8)
        #expect(html.contains("<html"))

        let missing = try await CLIRunner.run(["report", directory.appendingPathComponent("nothing").path])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("holds no session logs"))
    }

    @Test func jsonLogsAreOneObjectPerLine() async throws {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try await CLIRunner.run([
            "demo", "--log-format", "json", "--runtime", "3", "--logs", directory.appendingPathComponent("logs").path,
        ])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(!lines.isEmpty)
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["level"] is String && object?["message"] is String && object?["time"] is String, "not a log object: \(line)")
        }
        #expect(lines.contains { $0.contains(#""message":"summary""#) })
    }
}
