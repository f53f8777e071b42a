import Foundation
import Testing

/// `kalshi-trader signal` against a spawned `kalshi-trader fake-venue`, as the issue writes it.
@Suite(.serialized, .enabled(if: CLIRunner.isAvailable, "the kalshi-trader executable is not built"))
struct SignalCommandTests {
    /// A `fake-venue` process on a free port; its root URL is read from its first output line.
    final class FakeVenueProcess: @unchecked Sendable {
        // @unchecked: `output` is only touched under `lock`; Process is used from the test's thread.
        let process = Process()
        private let lock = NSLock()
        private var output = ""
        private let ready = DispatchSemaphore(value: 0)
        private let exited = DispatchSemaphore(value: 0)

        init(arguments: [String]) throws {
            let pipe = Pipe()
            process.executableURL = CLIRunner.executable
            process.arguments = ["fake-venue", "--port", "0"] + arguments
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = pipe
            process.standardError = FileHandle.nullDevice
            pipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
                let data = handle.availableData
                guard let self, !data.isEmpty else { return }
                self.lock.lock()
                self.output += String(decoding: data, as: UTF8.self)
                let hasURL = self.output.contains("\n")
                self.lock.unlock()
                if hasURL { self.ready.signal() }
            }
            process.terminationHandler = { [exited] _ in exited.signal() }
            try process.run()
        }

        /// Waits (up to `seconds`) for the "listening on http://…" line.
        func rootURL(seconds: Double = 20) -> String? {
            guard ready.wait(timeout: .now() + seconds) == .success else { return nil }
            lock.lock()
            defer { lock.unlock() }
            guard let range = output.range(of: #"http://[0-9.]+:[0-9]+"#, options: .regularExpression) else { return nil }
            return String(output[range])
        }

        /// SIGTERM (a graceful shutdown), then SIGKILL if it has not exited within ten seconds.
        func stop() {
            process.terminate()
            if exited.wait(timeout: .now() + 10) == .timedOut {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
            }
        }
    }

    static func lines(_ stdout: String) -> [[String: Any]] {
        stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    @Test func streamsTicksThenASummaryFromTheFakeVenue() throws {
        let fake = try FakeVenueProcess(arguments: ["--signal-heartbeat", "0.5", "--speed", "20", "--no-flow"])
        defer { fake.stop() }
        let url = try #require(fake.rootURL(), "fake-venue did not report its URL")

        let result = try CLIRunner.run(["signal", "--asset", "ETH", "--url", url, "--duration", "3"])
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
        #expect((summary["heartbeats_answered"] as? Int ?? 0) >= 2, "heartbeats every 0.5 s for 3 s")
        #expect(summary["stale"] as? Bool == false)
        let vol = try #require(summary["vol"] as? String, "history makes the volatility available at once")
        #expect(vol.range(of: #"^[0-9]+\.[0-9]{8}$"#, options: .regularExpression) != nil)
        #expect(summary["vol_estimator"] as? String == "rogers-satchell")
        #expect(result.stderr.contains("cryptocom: connected"))

        let composite = try CLIRunner.run(["signal", "--asset", "ETH", "--venue", "composite", "--url", url, "--duration", "3"])
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
    func refusesBadArguments(arguments: [String], fragment: String) throws {
        let result = try CLIRunner.run(["signal"] + arguments)
        #expect(result.status != 0)
        #expect(result.stderr.contains(fragment), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }
}
