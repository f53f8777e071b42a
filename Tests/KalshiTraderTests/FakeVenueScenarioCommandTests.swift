import Foundation
import Testing

/// `kalshi-trader fake-venue --scenario recording:FILE`, as a user runs it.
@Suite(.serialized, .enabled(if: CLIRunner.isAvailable, "the kalshi-trader executable is not built"))
struct FakeVenueScenarioCommandTests {
    @Test func aConvertedRecordingSeedsTheFakeVenueAndDiscoveryFindsItsHour() async throws {
        let recording = try await RecordingCommandTests.convert(try RecordingCommandTests.bookCSV())
        let markets = try await SignalCommandTests.FakeVenueProcess.with(
            arguments: ["--scenario", "recording:\(recording.path)", "--shift-to-now"]
        ) { url in
            try await CLIRunner.run(["markets", "--asset", "BTC", "--url", url])
        }
        #expect(markets.status == 0, "\(markets.stderr)")
        // The recorded KXBTCD-25MAY1323 markets, renamed to the current hour.
        #expect(markets.stdout.contains("3 markets"), "\(markets.stdout)")
        #expect(markets.stdout.contains("-T103599.99") && markets.stdout.contains("-T103349.99"))
        #expect(!markets.stdout.contains("25MAY13"))
    }

    @Test func badScenariosAreRefusedWithTheReason() async throws {
        let unknown = try await CLIRunner.run(["fake-venue", "--port", "0", "--scenario", "historic"])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("available: synthetic, recording:FILE"), "\(unknown.stderr)")
        let missing = try await CLIRunner.run(["fake-venue", "--port", "0", "--scenario", "recording:/nonexistent/hour.krec"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("/nonexistent/hour.krec"), "\(missing.stderr)")
        let csv = try RecordingCommandTests.bookCSV()
        let notRecording = try await CLIRunner.run(["fake-venue", "--port", "0", "--scenario", "recording:\(csv.path)"])
        #expect(notRecording.status != 0)
        #expect(notRecording.stderr.contains("is not a recording"), "\(notRecording.stderr)")
        let shiftAlone = try await CLIRunner.run(["fake-venue", "--port", "0", "--shift-to-now"])
        #expect(shiftAlone.status != 0)
        #expect(shiftAlone.stderr.contains("--shift-to-now needs --scenario recording:FILE"), "\(shiftAlone.stderr)")
    }
}
