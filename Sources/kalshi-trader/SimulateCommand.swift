import ArgumentParser
import Foundation
import LiveSimulation

struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Deterministic simulation of live trading: seeded sessions with faults, crashes and restarts.",
        discussion: """
            Each seed is one live session of the live core (with a random-trading strategy) against \
            the matching exchange over a simulated network: failed, lost, late and duplicated \
            requests, duplicated and reordered fills, disconnects, failed account reads, crashes \
            (also between a journal write and its send) with restart from the journal, host clock \
            jumps, manual trades on the account and kill-switch signals. No sockets, no sleeps: \
            a seed replays exactly. After every step it checks that nothing was sent without its \
            journaled intent, no client order id was sent twice, no fill was booked twice or never \
            made, and the account stayed within max_inventory counting resting orders; at the end, \
            that positions and cash equal the exchange's and every fill was booked. It prints each \
            failing seed with the command that replays it, then one JSON summary line, and exits \
            1 when any seed failed.
            """
    )

    @Option(help: "The first seed.")
    var seed: UInt64 = 1

    @Option(help: "How many sessions (seeds seed, seed+1, …).")
    var sessions: Int = 1

    @Option(help: "Simulated minutes per session (2 to 1440).")
    var minutes: Int = 20

    @Option(help: "Sessions run at once (default: one per core).")
    var jobs: Int?

    @Flag(help: "Without any fault (the reference behaviour).")
    var calm = false

    @Flag(help: "Print every session's report.")
    var verbose = false

    @Flag(help: "Print each session's trace: console lines, requests, answers, fills, crashes.")
    var trace = false

    func validate() throws {
        guard (1...100_000_000).contains(sessions) else { throw ValidationError("--sessions must be 1...100000000, got \(sessions)") }
        guard (2...1_440).contains(minutes) else { throw ValidationError("--minutes must be 2...1440, got \(minutes)") }
        if let jobs, !(1...256).contains(jobs) { throw ValidationError("--jobs must be 1...256, got \(jobs)") }
        guard seed <= UInt64.max - UInt64(sessions) else { throw ValidationError("--seed plus --sessions overflows") }
    }

    func run() throws {
        let started = Date()
        let calm = self.calm
        let minutes = self.minutes
        let trace = self.trace
        let options: @Sendable (UInt64) -> SimulationOptions = { seed in
            var options = calm ? SimulationOptions.calm(seed: seed) : SimulationOptions(seed: seed)
            options.minutes = minutes
            options.trace = trace
            return options
        }
        let summary = SimulationBatch.run(
            seeds: seed..<(seed + UInt64(sessions)), jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount, options: options
        ) { [verbose, trace] report in
            if verbose || trace || !report.passed {
                let status = report.passed ? "ok" : "FAIL"
                print(
                    "\(status) seed \(report.seed): \(report.steps) steps, \(report.requests) requests, \(report.fills) fills, "
                        + "\(report.crashes) crashes, faults \(report.faults.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))"
                )
                for line in report.trace { print("  | \(line)") }
                for violation in report.violations { print("  \(violation)") }
                if !report.passed { print("  replay: \(LiveSimulation.replayCommand(seed: report.seed, minutes: minutes))") }
            }
        }
        print(summary.json(seconds: Date().timeIntervalSince(started), minutes: minutes))
        if summary.failed > 0 { throw ExitCode(1) }
    }
}
