import FakeVenues
import Foundation
import Histogram
import KalshiAPI
import KalshiAuth
import KalshiCore
import LiveTrading
import Logging
import Synchronization
import TradingEngine
import TradingSession
import _CryptoExtras

/// `live.tick_to_order`: a whole live session in this process (the real WebSocket and REST
/// clients, feed session, engine, risk checks, SQLite journal and signer) against the fake
/// exchange on loopback. Each round the benchmark moves the top bid of one market on the
/// exchange; the book frame that carries it makes the strategy place an order. The stamps of
/// `TickToOrderProbe` give two latencies per triggering frame, recorded in HdrHistograms:
///
/// - `in_process`: the frame handed over by the WebSocket client → the order's request handed
///   to the HTTP client (signed, encoded): everything the session does in between;
/// - `wire`: the frame written by the exchange → the order's request read by the exchange:
///   the above plus both WebSocket and HTTP stacks and loopback both ways.
///
/// Rounds run one at a time: the next starts once the session has processed the exchange's
/// answer and at least `--tick-to-order-interval-ms` (5 ms) after the previous one started, so
/// each figure is one frame's path through an idle session. Run once with the journal's fsync
/// (as `live` runs) and once without.
enum TickToOrderBenchmark {
    static let warmUpRounds = 300
    /// A round that takes longer than this (a lost frame, a refused order) stops the benchmark.
    static let roundTimeout: Duration = .seconds(10)

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func run(_ settings: LatencySettings, fsync: Bool) async throws -> String {
        let frames = settings.frames
        let roundInterval = settings.roundInterval
        let probe = TickToOrderProbe.shared
        let bench = try await Setup.start()
        defer { bench.removeFiles() }
        let output = QuietOutput()
        let stop = LiveStopRequest()
        var overrides = LiveOverrides()
        overrides.trapSignals = false
        overrides.stopRequest = stop
        overrides.journalFsync = fsync
        let configuration: LiveConfiguration
        do { configuration = try LiveConfigurationLoader.parse(bench.yaml(fsync: fsync)) } catch {
            await bench.stopVenue()
            throw error
        }
        let ticker = bench.ticker
        let session = Task {
            try await LiveLauncher.runTickToOrderBenchmark(
                ticker: ticker, configuration: configuration, overrides: overrides, console: output)
        }
        probe.enable()
        if settings.stages { probe.enableStages() }
        defer { probe.disable() }
        let watchdog = Watchdog(output: output, cleanUp: bench.removeFiles)
        defer { watchdog.finish() }

        var inProcess = Histogram<UInt64>(highestTrackableValue: 60_000_000_000, numberOfSignificantValueDigits: .three)
        var wire = inProcess
        var stages = StageHistograms()
        // Written once the run is over: no file I/O between rounds.
        var roundsOut = ""
        // Rounds whose order found no signature made ahead: each carries ~0.65 ms of RSA.
        var signedOnPath = 0
        var raised = false
        var round = 0
        let clock = ContinuousClock()
        var measuredStart = clock.now
        do {
            // Until the session is up (subscribed, reconciled), a trigger may go unanswered:
            // the first round is retried until one completes.
            var started = false
            let readyBy = clock.now.advanced(by: .seconds(60))
            while !started {
                started = try await bench.round(raise: !raised, probe: probe, timeout: .seconds(2)) != nil
                raised.toggle()
                if !started, clock.now > readyBy {
                    throw Failure(description: "the session placed no order within 60 s: \(probe.progress); \(output.tail)")
                }
            }
            var nextRound = clock.now
            while round < warmUpRounds + frames {
                try await LoopTimers.sleep(for: clock.now.duration(to: nextRound))
                nextRound = clock.now.advanced(by: roundInterval)
                if round == warmUpRounds { measuredStart = clock.now }
                guard let stamps = try await bench.round(raise: !raised, probe: probe, timeout: roundTimeout) else {
                    throw Failure(description: "round \(round) did not complete: \(probe.progress); \(output.tail)")
                }
                raised.toggle()
                if round >= warmUpRounds {
                    _ = inProcess.record(UInt64(max(0, stamps.inProcess)))
                    _ = wire.record(UInt64(max(0, stamps.wire)))
                    if stamps.signedOnPath { signedOnPath += 1 }
                    if settings.stages { stages.record(stamps) }
                    if settings.roundsOut != nil {
                        roundsOut +=
                            "\(fsync) \(probe.monotonicNanoseconds(stamps.frameArrived)) \(probe.monotonicNanoseconds(stamps.requestSent))"
                            + stamps.stages.map { " " + ($0.map { String($0 - stamps.frameArrived) } ?? "-") }.joined() + "\n"
                    }
                }
                round += 1
                watchdog.progress("round \(round)")
            }
        } catch {
            stop.stop()
            let ended = await session.result
            await bench.stopVenue()
            if case .failure(let sessionError) = ended {
                throw Failure(description: "\(error); the session ended with: \(sessionError)")
            }
            throw error
        }
        let elapsed = measuredStart.duration(to: clock.now)
        watchdog.progress("stopping the session")
        stop.stop()
        _ = try await session.value
        watchdog.progress("stopping the exchange")
        await bench.stopVenue()
        if let path = settings.roundsOut { try appendRounds(roundsOut, to: path) }

        var writer = JSONLineWriter()
        writer.add("name", "live.tick_to_order")
        writer.add("journal_fsync", json: fsync ? "true" : "false")
        writer.add("frames", frames)
        writer.add("warm_up_frames", warmUpRounds)
        writer.add("round_interval_ms", settings.roundIntervalMs)
        writer.addLatency("in_process_", inProcess)
        writer.addLatency("wire_", wire)
        writer.add("signed_on_path_rounds", signedOnPath)
        if settings.stages { stages.write(into: &writer) }
        let seconds = Double(elapsed.saturatingNanoseconds) / 1e9
        writer.add("rounds_per_s", Double(frames) / seconds, decimals: 0)
        writer.addBuild()
        return writer.line
    }

    /// Appends the measured rounds' lines to `path` (created by the command beforehand).
    static func appendRounds(_ text: String, to path: String) throws {
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw Failure(description: "--tick-to-order-rounds-out: cannot open '\(path)' for writing")
        }
        defer { try? handle.close() }
        do {
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(text.utf8))
        } catch {
            throw Failure(description: "--tick-to-order-rounds-out: cannot write '\(path)': \(error)")
        }
    }

    /// The exchange, the account and the files of one run.
    final class Setup: Sendable {
        static let keyId = "tick-to-order-bench"
        static let maker = "bench-maker"
        let venue: FakeVenue
        let directory: URL
        let keyFile: String
        let ticker: String
        /// The maker's bid one cent above the market's best bid, raised and withdrawn in turns.
        let triggerPrice: Price
        let triggerOrderId = Mutex<String?>(nil)

        init(venue: FakeVenue, directory: URL, keyFile: String, ticker: String, triggerPrice: Price) {
            self.venue = venue
            self.directory = directory
            self.keyFile = keyFile
            self.ticker = ticker
            self.triggerPrice = triggerPrice
        }

        static func start() async throws -> Setup {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                "kalshi-bench-tick-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let privateKey = try _RSA.Signing.PrivateKey(keySize: .bits2048)
            let keyFile = directory.appendingPathComponent("key.pem").path
            guard
                FileManager.default.createFile(
                    atPath: keyFile, contents: Data(privateKey.pemRepresentation.utf8), attributes: [.posixPermissions: 0o600])
            else { throw Failure(description: "cannot write the benchmark's key to \(keyFile)") }
            let signer = try RequestSigner(keyId: keyId, keyFile: keyFile)
            var configuration = FakeKalshiConfiguration()
            configuration.apiKeys = [keyId: signer.publicKeyPEM]
            configuration.startingBalance = Money(cents: 10_000_000)
            configuration.assets = [.eth]
            configuration.backgroundFlow = false
            configuration.usageTier = "prestige"
            // The hour closes two hours from now: no benchmark runs into a close.
            configuration.firstCloseMs = Int64(Date().timeIntervalSince1970 * 1_000) + 2 * 3_600_000
            configuration.eventMinutes = 180
            var logger = Logger(label: "bench.venue")
            logger.logLevel = .critical
            let venue = try await FakeVenue.start(configuration: configuration, logger: logger)
            let exchange = venue.exchange
            let now = exchange.clock.nowMs()
            var candidates: [String] = []
            for ticker in await exchange.listedTickers where ticker.hasPrefix("KXETHD-") {
                if let market = await exchange.metadata(ticker), market.openTimeMs <= now, now < market.closeTimeMs - 3_600_000 {
                    candidates.append(ticker)
                }
            }
            for ticker in candidates {
                guard let book = await exchange.engine(ticker) else { continue }
                let ask = book.bestAsk?.price.ticks ?? Price.ticksPerDollar
                var bid = book.bestBid?.price.ticks
                if bid == nil, ask > 700 {
                    // A book with no bid: the maker keeps one at 5 cents, so withdrawing the
                    // trigger leaves a bid for the strategy to read.
                    let base = OrderRequest(owner: maker, side: .bid, price: try Price(cents: 5), count: Quantity(contracts: 1))
                    if case .success = await exchange.submit(base, ticker: ticker) { bid = 500 }
                }
                guard let bid, bid + 200 < ask else { continue }
                return Setup(
                    venue: venue, directory: directory, keyFile: keyFile, ticker: ticker,
                    triggerPrice: try Price(ticks: bid + 100))
            }
            await venue.stop()
            throw Failure(description: "no open ETH market with room between its bid and ask")
        }

        /// One round: arm the probe, move the top bid, wait for the stamps and the answer.
        func round(
            raise: Bool, probe: TickToOrderProbe, timeout: Duration
        ) async throws -> TickToOrderProbe.Stamps? {
            probe.arm()
            let exchange = venue.exchange
            if raise {
                let request = OrderRequest(owner: Self.maker, side: .bid, price: triggerPrice, count: Quantity(contracts: 1))
                switch await exchange.submit(request, ticker: ticker) {
                case .success(let result): triggerOrderId.withLock { $0 = result.order?.id }
                case .failure(let error): throw Failure(description: "the maker's bid was refused: \(error)")
                }
            } else if let id = triggerOrderId.withLock({ $0 }) {
                if case .failure(let error) = await exchange.cancel(orderId: id, ticker: ticker) {
                    throw Failure(description: "the maker's bid could not be withdrawn: \(error)")
                }
            }
            // On the event loop, not a task group with `Task.sleep`: see `LoopTimers`.
            let deadline = LoopTimers.after(timeout) { probe.abandonWaiting() }
            let stamps = await probe.completedRound()
            deadline.cancel()
            return stamps
        }

        func yaml(fsync: Bool) -> String {
            """
            environment: \(venue.baseURL)
            key:
              id: \(Self.keyId)
              file: \(keyFile)
            markets:
              asset: ETH
              ticker: \(ticker)
            risk:
              max_inventory: 10
              max_inventory_dev: 40
              minimum_balance: 10.00
              max_balance_dev: 500.00
              terminal_exit_time: 60
              reconciliation_period: 60
              maximum_orderbook_staleness: 3600
              minimum_edge: 0.02
              max_order_size: 10
              max_open_orders: 10
              max_orders_per_second: 10000
            strategy:
              trade_size: 1
              cooldown_seconds: 0
              order_timeout_seconds: 300
            journal:
              location: \(directory.appendingPathComponent("journal-\(fsync ? "fsync" : "nofsync").sqlite").path)
              session: tick-to-order
            operations:
              cancel_on_exit: true
              orphan_orders: cancel
              kill_switch_file: \(directory.appendingPathComponent("KILL").path)
              status_interval_seconds: 3600
              shutdown_timeout_seconds: 60
              request_timeout_seconds: 10
              settlement_wait_seconds: 60
              rate_limit_tier: prestige
              logs: \(directory.appendingPathComponent("logs").path)

            """
        }

        func removeFiles() { try? FileManager.default.removeItem(at: directory) }

        /// Stops the exchange, waiting at most five seconds: its graceful shutdown can wait on
        /// the HTTP client's idle keep-alive connection, which the process-wide client keeps.
        func stopVenue() async {
            let (done, finished) = AsyncStream<Void>.makeStream()
            let venue = self.venue
            Task {
                await venue.stop()
                finished.finish()
            }
            Task {
                try? await Task.sleep(for: .seconds(5))
                finished.finish()
            }
            for await _ in done {}
        }
    }
}

/// Ends the process with what it knows when the benchmark stops making progress for a minute
/// (a round's own timeout ends a round that never completes; this catches anything else).
final class Watchdog: Sendable {
    private struct State {
        var phase = "starting"
        var changes = 0
        var finished = false
    }

    private let state = Mutex(State())

    /// `cleanUp` runs before the process ends (the run's files, its generated key among them).
    init(output: QuietOutput, cleanUp: @escaping @Sendable () -> Void) {
        let thread = Thread { [self] in
            var seen = -1
            while true {
                Thread.sleep(forTimeInterval: 60)
                let (phase, changes, finished) = self.state.withLock { ($0.phase, $0.changes, $0.finished) }
                if finished { return }
                if changes == seen {
                    FileHandle.standardError.write(
                        Data(
                            "live.tick_to_order made no progress for 60 s at \(phase): \(TickToOrderProbe.shared.progress); \(output.tail)\n"
                                .utf8))
                    cleanUp()
                    exit(3)
                }
                seen = changes
            }
        }
        thread.start()
    }

    func progress(_ phase: String) {
        state.withLock { state in
            state.phase = phase
            state.changes += 1
        }
    }

    func finish() { state.withLock { $0.finished = true } }
}

/// The session's console, kept quiet; its last lines explain a failed run.
final class QuietOutput: LiveOutput {
    private let lines = Mutex<[String]>([])

    func line(_ text: String) {
        lines.withLock { lines in
            lines.append(text)
            if lines.count > 40 { lines.removeFirst(lines.count - 40) }
        }
    }

    func report(_ records: [EngineRecord]) {
        for case .state(let state) in records { line("\(state.kind) \(state.ticker ?? "") \(state.detail)") }
    }

    func summarize(_ summary: SessionSummary, logDirectory: String) {}

    var tail: String { lines.withLock { $0.suffix(8).joined(separator: " | ") } }
}
