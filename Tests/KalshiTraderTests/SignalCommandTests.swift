import Foundation
import Testing

/// `kalshi-trader signal` against a spawned `kalshi-trader fake-venue`, as the issue writes it.
@Suite(.serialized, .enabled(if: CLIRunner.isAvailable, "the kalshi-trader executable is not built"))
struct SignalCommandTests {
    /// A `fake-venue` process on a free port; its root URL is read from its first output line.
    final class FakeVenueProcess: Sendable {
        let process: Process
        /// Its standard output goes to a file, read while waiting: nothing depends on a pipe's
        /// readability handler being scheduled on a loaded machine.
        let outputURL: URL

        init(arguments: [String]) throws {
            outputURL = try CLIRunner.temporaryDirectory().appendingPathComponent("fake-venue.stdout")
            FileManager.default.createFile(atPath: outputURL.path, contents: nil)
            let process = Process()
            process.executableURL = CLIRunner.executable
            process.arguments = ["fake-venue", "--port", "0"] + arguments
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = try FileHandle(forWritingTo: outputURL)
            process.standardError = FileHandle.nullDevice
            try process.run()
            self.process = process
        }

        private var listeningURL: String? {
            guard let output = try? String(contentsOf: outputURL, encoding: .utf8), output.contains("\n"),
                let range = output.range(of: #"http://[0-9.]+:[0-9]+"#, options: .regularExpression)
            else { return nil }
            return String(output[range])
        }

        /// Waits (up to `seconds`, polling without holding a thread) for the "listening on http://…" line.
        func rootURL(seconds: Double = 60) async -> String? {
            let deadline = ContinuousClock.now + .seconds(seconds)
            while ContinuousClock.now < deadline {
                if let url = listeningURL { return url }
                guard process.isRunning else { return nil }
                try? await Task.sleep(for: .milliseconds(20))
            }
            // A wake-up late past the deadline (a loaded test run) still sees what happened meanwhile.
            if let url = listeningURL { return url }
            Issue.record("fake-venue printed no listening URL within \(seconds) s")
            return nil
        }

        /// SIGTERM (a graceful shutdown), then SIGKILL if it has not exited within ten seconds.
        func stop() async {
            process.terminate()
            if await !exited(within: 10) {
                kill(process.processIdentifier, SIGKILL)
                _ = await exited(within: 10)
            }
        }

        /// Starts a fake venue, runs `body` with its root URL, and stops it however `body` ends.
        static func with<T>(arguments: [String], _ body: (String) async throws -> T) async throws -> T {
            let fake = try FakeVenueProcess(arguments: arguments)
            do {
                let url = try #require(await fake.rootURL(), "fake-venue did not report its URL")
                let result = try await body(url)
                await fake.stop()
                return result
            } catch {
                await fake.stop()
                throw error
            }
        }

        private func exited(within seconds: Double) async -> Bool {
            let deadline = ContinuousClock.now + .seconds(seconds)
            while process.isRunning, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
            // `isRunning` is read again after the loop, however late the last wake-up was.
            return !process.isRunning
        }
    }

    static func lines(_ stdout: String) -> [[String: Any]] {
        stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    @Test func streamsTicksThenASummaryFromTheFakeVenue() async throws {
        try await FakeVenueProcess.with(arguments: ["--signal-heartbeat", "0.5", "--speed", "20", "--no-flow"]) { url in
            try await Self.streamsFrom(url)
        }
    }

    /// Durations leave room for a loaded machine: connecting, the venue's subscribe delay and
    /// the history load all come out of them.
    static func streamsFrom(_ url: String) async throws {
        let result = try await CLIRunner.run(["signal", "--asset", "ETH", "--url", url, "--duration", "6"])
        #expect(result.status == 0, "\(result.stderr)")
        let rawLines = result.stdout.split(separator: "\n")
        let lines = Self.lines(result.stdout)
        #expect(lines.count == rawLines.count, "every line is one JSON object")
        #expect(lines.allSatisfy { ["tick", "stale", "fresh", "volatility", "summary"].contains($0["type"] as? String ?? "") })

        let ticks = lines.filter { $0["type"] as? String == "tick" }
        #expect(Set(ticks.compactMap { $0["kind"] as? String }) == ["index", "mid", "trade"])
        #expect(ticks.allSatisfy { $0["asset"] as? String == "ETH" && $0["venue"] as? String == "cryptocom" })
        #expect(
            ticks.allSatisfy { ($0["price"] as? String)?.range(of: #"^[0-9]+\.[0-9]{4,6}$"#, options: .regularExpression) != nil }
        )
        #expect(ticks.allSatisfy { $0["exchange_ms"] is NSNumber && $0["receive_ms"] is NSNumber })

        let summary = try #require(lines.last)
        #expect(summary["type"] as? String == "summary")
        #expect(summary["venue"] as? String == "cryptocom" && summary["asset"] as? String == "ETH")
        #expect((summary["ticks"] as? Int) == ticks.count)
        #expect((summary["gaps"] as? Int) == 0)
        #expect((summary["heartbeats_answered"] as? Int ?? 0) >= 2, "heartbeats every 0.5 s for 6 s")
        #expect(summary["stale"] as? Bool == false)
        let vol = try #require(summary["vol"] as? String, "history makes the volatility available at once")
        #expect(vol.range(of: #"^[0-9]+\.[0-9]{8}$"#, options: .regularExpression) != nil)
        #expect(summary["vol_estimator"] as? String == "rogers-satchell")
        #expect(result.stderr.contains("cryptocom: connected"))

        let composite = try await CLIRunner.run([
            "signal", "--asset", "ETH", "--venue", "composite", "--url", url, "--duration", "10",
        ])
        #expect(composite.status == 0, "\(composite.stderr)")
        let compositeLines = Self.lines(composite.stdout)
        #expect(
            Set(compositeLines.filter { $0["type"] as? String == "tick" }.compactMap { $0["venue"] as? String }) == [
                "cryptocom", "coinbase", "composite",
            ])
        #expect(compositeLines.last?["venue"] as? String == "composite")
    }

    @Test(arguments: [
        (["--venue", "kraken"], "kraken"), (["--asset", "DOGE"], "DOGE"), (["--duration", "0"], "--duration"),
        (["--url", "ftp://127.0.0.1:1"], "--url"), (["--stale-after", "-1"], "--stale-after"),
    ])
    func refusesBadArguments(arguments: [String], fragment: String) async throws {
        let result = try await CLIRunner.run(["signal"] + arguments)
        #expect(result.status != 0)
        #expect(result.stderr.contains(fragment), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }
}
