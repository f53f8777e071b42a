import Foundation
import Testing

/// Numbers from the command line become integer milliseconds or micro-dollars; `Int64(1e300 * 1_000)`
/// used to trap. Each must now be a usage error naming the flag, not a crash.
@Suite(.enabled(if: CLIRunner.isAvailable, "the kalshi-trader executable is not built"))
struct NumericFlagLimitTests {
    @Test(arguments: [
        (["demo", "--runtime", "1e300"], "--runtime must be in (0, 31536000] seconds, got 1e+300"),
        (["record", "--duration", "1e300"], "--duration must be in (0, 31536000] seconds, got 1e+300"),
        (
            ["live", "--config", "/nonexistent/live.yaml", "--runtime", "1e300"],
            "--runtime must be in (0, 31536000] seconds, got 1e+300"
        ),
        (["demo", "--runtime", "31536000.5"], "--runtime must be in (0, 31536000] seconds"),
        (["markets", "--spot", "1e300"], "--spot must be in (0, 10000000000] dollars, got 1e+300"),
        (["fake-venue", "--event-minutes", "0"], "--event-minutes must be 1...1440, got 0"),
        (["fake-venue", "--event-minutes", "1441"], "--event-minutes must be 1...1440, got 1441"),
        (["fake-venue", "--faults", "pause=90-60"], "fault pause=90-60: expected FROM-TO seconds after the start"),
        // Non-positive values keep the message the CLI always printed.
        (["demo", "--runtime", "-1"], "--runtime must be positive, got -1.0"),
    ])
    func hugeNumbersAreUsageErrorsNamingTheFlag(arguments: [String], message: String) async throws {
        let result = try await CLIRunner.run(arguments)
        #expect(result.status != 0)
        // 132 (SIGILL, a Swift trap), 134 (SIGABRT) or a bare signal number would be a crash.
        #expect(![4, 5, 6, 11, 132, 133, 134, 139].contains(result.status), "crashed: \(result.status) \(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }
}
