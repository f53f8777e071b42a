import Foundation
import Testing

/// `kalshi-trader fake-venue --scenario recording:FILE`, as a user runs it.
@Suite(.serialized, .enabled(if: CLIRunner.isAvailable, "the kalshi-trader executable is not built"))
struct FakeVenueScenarioCommandTests {
    @Test func aConvertedRecordingSeedsTheFakeVenueAndDiscoveryFindsItsHour() throws {
        let recording = try RecordingCommandTests.convert(try RecordingCommandTests.bookCSV())
        let fake = try SignalCommandTests.FakeVenueProcess(arguments: ["--scenario", "recording:\(recording.path)", "--shift-to-now"])
        defer { fake.stop() }
        let url = try #require(fake.rootURL(), "fake-venue did not report its URL")
        let markets = try CLIRunner.run(["markets", "--asset", "BTC", "--url", url])
        #expect(markets.status == 0, "\(markets.stderr)")
        // The recorded KXBTCD-25MAY1323 markets, renamed to the current hour.
        #expect(markets.stdout.contains("3 markets"), "\(markets.stdout)")
        #expect(markets.stdout.contains("-T103599.99") && markets.stdout.contains("-T103349.99"))
        #expect(!markets.stdout.contains("25MAY13"))
    }

    @Test func badScenariosAreRefusedWithTheReason() throws {
        let unknown = try CLIRunner.run(["fake-venue", "--port", "0", "--scenario", "historic"])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("available: synthetic, recording:FILE"), "\(unknown.stderr)")
        let missing = try CLIRunner.run(["fake-venue", "--port", "0", "--scenario", "recording:/nonexistent/hour.krec"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("/nonexistent/hour.krec"), "\(missing.stderr)")
        let csv = try RecordingCommandTests.bookCSV()
        let notRecording = try CLIRunner.run(["fake-venue", "--port", "0", "--scenario", "recording:\(csv.path)"])
        #expect(notRecording.status != 0)
        #expect(notRecording.stderr.contains("is not a recording"), "\(notRecording.stderr)")
        let shiftAlone = try CLIRunner.run(["fake-venue", "--port", "0", "--shift-to-now"])
        #expect(shiftAlone.status != 0)
        #expect(shiftAlone.stderr.contains("--shift-to-now needs --scenario recording:FILE"), "\(shiftAlone.stderr)")
    }
}
