import ArgumentParser
import Observability
import FakeVenues
import Foundation
import KalshiAPI
import KalshiClient
import KalshiCore
import Logging
import TraderRuntime
import UnixSignals

struct FakeVenueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fake-venue",
        abstract: "Serve a loopback imitation of Kalshi (REST + WebSocket) for tests and demos.",
        discussion: """
            One port serves REST under /trade-api/v2 and the WebSocket at /trade-api/ws/v2, with \
            the real paths, message shapes, RSA-PSS signature checks, a price-time matching engine, \
            positions, balances and settlement. The synthetic scenario lists the current hourly \
            ETH and BTC events (KXETHD/KXETH, KXBTCD/KXBTC) around a simulated spot path and \
            simulated participants quote and trade. A recording scenario (recording:FILE, a file \
            from `record` or `convert`) lists the recorded markets from the recording's first \
            instant: a participant's resting orders follow the recorded books, the signal feeds \
            publish the recorded index (or mid) and markets settle on it. Runs until interrupted.
            """
    )

    @Option(parsing: .unconditional, help: "Port to listen on (0 picks a free one).")
    var port: Int = 8080

    @Option(help: "Address to listen on (loopback only by default).")
    var host: String = "127.0.0.1"

    @Option(help: "Scenario: synthetic, or recording:FILE (markets, books and prices from a recording).")
    var scenario: String = "synthetic"

    @Flag(
        help:
            "With a recording scenario: move it by whole hours so its first market closes at the next top of the hour (tickers renamed to match)."
    )
    var shiftToNow = false

    @Option(
        help:
            "Faults to inject, e.g. drop=0.01,duplicate=0.01,duplicate-fill=0.05,reorder=0.01,gap=0.01,disconnect=500,429=0.05,5xx=0.05,5xx-path=/portfolio/fills,lost=0.02,ack-delay=50,request-delay=50,frozen=1,ws-refuse=1,pause=60-90,maintenance=300-330,early-close=120,fee-change=60,regrid=90,seed=3 (pause: trading paused from 60 s to 90 s after the start; maintenance: the same, listed ahead in GET /exchange/schedule; early-close: the open events close 120 s after it; fee-change: their fee multiplier becomes 2 at 60 s (event_fee_update); regrid: their markets move to the deci_cent grid at 90 s)"
    )
    var faults: String = ""

    @Option(
        name: .customLong("key"), parsing: .singleValue,
        help: "Register an account's API key: KEY_ID=PUBLIC_KEY.pem (repeatable).")
    var keys: [String] = []

    @Option(parsing: .unconditional, help: "Starting cash of each account, in dollars.")
    var balance: String = "1000"

    @Option(
        name: .customLong("shard-balance"), parsing: .singleValue,
        help:
            "An account's cash on one exchange shard: INDEX=DOLLARS (repeatable; replaces --balance). Crypto markets are on shard 2; cash elsewhere must be transferred there.")
    var shardBalances: [String] = []

    @Option(parsing: .unconditional, help: "Scenario speed: scenario seconds per wall second.")
    var speed: Double = 1

    @Option(parsing: .unconditional, help: "Seed of the synthetic scenario.")
    var seed: UInt64 = 7

    @Option(
        name: .customLong("event-minutes"), parsing: .unconditional,
        help:
            "Length of each synthetic \"hourly\" event in minutes (1...1440): a new event is listed before the latest one closes, so a live session's roll to the next event can be tried in minutes.")
    var eventMinutes: Int = 60

    @Option(
        name: .customLong("index-reader"), parsing: .singleValue,
        help: "A key id entitled to the cfbenchmarks_value channel (repeatable; default: every key).")
    var indexReaders: [String] = []

    @Flag(help: "Do not run the simulated participants.")
    var noFlow = false

    @Option(
        name: .customLong("candles"), parsing: .singleValue,
        help: "Replay one-minute candles ([ASSET=]FILE.csv, ASSET defaults to ETH) as the signal feeds' price path (repeatable).")
    var candleFiles: [String] = []

    @Option(
        name: .customLong("signal-heartbeat"), parsing: .unconditional,
        help: "Seconds between the fake Crypto.com feed's heartbeats (the real venue: 30).")
    var signalHeartbeat: Double = 30

    @OptionGroup var metrics: MetricsArgument

    func validate() throws {
        _ = try metrics.address()
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0...65535, got \(port)") }
        guard scenario == "synthetic" || recordingPath != nil else {
            throw ValidationError("--scenario '\(scenario)' is not known (available: synthetic, recording:FILE)")
        }
        if let recordingPath, recordingPath.isEmpty {
            throw ValidationError("--scenario recording: needs a file, e.g. recording:hour.krec")
        }
        guard !shiftToNow || recordingPath != nil else { throw ValidationError("--shift-to-now needs --scenario recording:FILE") }
        guard recordingPath == nil || candleFiles.isEmpty else {
            throw ValidationError("--candles cannot be used with a recording scenario (its prices come from the recording)")
        }
        guard (1...1_440).contains(eventMinutes) else {
            throw ValidationError("--event-minutes must be 1...1440, got \(eventMinutes)")
        }
        guard eventMinutes == 60 || recordingPath == nil else {
            throw ValidationError("--event-minutes applies to the synthetic scenario (a recording lists its own markets)")
        }
        guard speed > 0, speed.isFinite, speed <= 10_000 else {
            throw ValidationError("--speed must be in (0, 10000], got \(speed)")
        }
        do { _ = try FaultPlan(parsing: faults) } catch { throw ValidationError("--faults: \(error)") }
        do { _ = try parseBalance() } catch { throw ValidationError("--balance: \(error)") }
        _ = try parseShardBalances()
        for key in keys { _ = try parseKey(key) }
        for file in candleFiles { _ = try SignalReplayArgument.parse(file) }
        guard signalHeartbeat >= 0.1, signalHeartbeat <= 3_600 else {
            throw ValidationError("--signal-heartbeat must be in [0.1, 3600] seconds")
        }
    }

    func run() async throws {
        var configuration = FakeKalshiConfiguration()
        configuration.faults = try FaultPlan(parsing: faults)
        configuration.startingBalance = try parseBalance()
        configuration.shardBalances = try parseShardBalances()
        configuration.speed = speed
        configuration.seed = seed
        configuration.backgroundFlow = !noFlow
        configuration.eventMinutes = eventMinutes
        configuration.indexReaders = indexReaders.isEmpty ? nil : Set(indexReaders)
        if let recordingPath {
            let recording: RecordedScenario
            do { recording = try RecordedScenarioLoader.load(path: recordingPath) } catch {
                throw ValidationError("--scenario \(scenario): \(error)")
            }
            configuration.recording =
                shiftToNow ? recording.shifted(byHours: recording.hoursToCurrentHour(nowMs: WallClock.nowMs())) : recording
        }
        for key in keys {
            let (keyId, pem) = try parseKey(key)
            configuration.apiKeys[keyId] = pem
        }
        try SignalReplayArgument.apply(candleFiles, heartbeatSeconds: signalHeartbeat, to: &configuration)
        var logger = Logger(label: "fake-venue")
        logger.logLevel = .warning
        let servers = try await ObservabilityServers.start(ObservabilityOptions(metrics: try metrics.address()), model: nil, logger: logger)
        let venueMetrics = servers.observer.metrics
        var onRequest: (@Sendable (ServedRequest) -> Void)?
        if let venueMetrics {
            onRequest = { served in
                let timing = RESTRequestTiming(method: served.method, path: served.path, elapsed: served.elapsed, status: served.status)
                venueMetrics.venueRequest(operation: timing.operation, status: served.status, nanoseconds: timing.nanoseconds)
            }
        }
        let venue = try await FakeVenue.start(
            configuration: configuration, host: host, port: port, gracefulShutdownSignals: [.sigint, .sigterm], logger: logger,
            onRequest: onRequest)
        Console.line("fake-venue listening on \(venue.baseURL) (REST /trade-api/v2, WebSocket /trade-api/ws/v2)")
        for line in servers.announcements { Console.line(line) }
        Console.line(SignalReplayArgument.banner(configuration.signals, recording: configuration.recording))
        if let recording = configuration.recording {
            Console.line(
                "scenario: \(scenario), starting at \(RFC3339.format(ms: recording.startMs)), \(recording.bookChanges.count) book changes, prices for \(recording.assets.joined(separator: ", "))"
            )
        }
        let tickers = await venue.exchange.listedTickers
        Console.line(
            "markets: \(tickers.count) listed (\(Set(tickers.map { $0.split(separator: "-").prefix(2).joined(separator: "-") }).sorted().joined(separator: ", ")))"
        )
        Console.line(
            "accounts: \(configuration.apiKeys.keys.sorted().joined(separator: ", ").isEmpty ? "none (use --key KEY_ID=PUBLIC_KEY.pem)" : configuration.apiKeys.keys.sorted().joined(separator: ", "))"
        )
        // The venue's own gauges, once a second while it serves.
        let gauges = Task {
            guard let venueMetrics else { return }
            while !Task.isCancelled {
                let exchange = venue.exchange
                venueMetrics.venueState(
                    connections: await exchange.connectionCount, listedMarkets: await exchange.listedTickers.count,
                    tradingPaused: await exchange.isTradingPaused)
                do { try await Task.sleep(for: .seconds(1)) } catch { return }
            }
        }
        defer { gauges.cancel() }
        do { try await venue.wait() } catch {
            await servers.stop()
            throw error
        }
        await servers.stop()
    }

    /// The file of a `recording:FILE` scenario.
    private var recordingPath: String? {
        scenario.hasPrefix("recording:") ? String(scenario.dropFirst("recording:".count)) : nil
    }

    private func parseBalance() throws -> Money {
        let amount = try Money(parsing: balance)
        guard amount >= .zero else { throw ValidationError("'\(balance)' must not be negative") }
        return amount
    }

    /// `--shard-balance INDEX=DOLLARS` flags, or nil when there are none.
    private func parseShardBalances() throws -> [Int: Money]? {
        guard !shardBalances.isEmpty else { return nil }
        var balances: [Int: Money] = [:]
        for text in shardBalances {
            let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let index = Int(parts[0]), (0...FakeKalshiExchange.maximumShard).contains(index) else {
                throw ValidationError(
                    "--shard-balance '\(text)': expected INDEX=DOLLARS with INDEX in 0...\(FakeKalshiExchange.maximumShard)")
            }
            guard let amount = try? Money(parsing: parts[1]), amount >= .zero else {
                throw ValidationError("--shard-balance '\(text)': '\(parts[1])' is not a non-negative dollar amount")
            }
            guard balances[index] == nil else { throw ValidationError("--shard-balance: shard \(index) given twice") }
            balances[index] = amount
        }
        return balances
    }

    private func parseKey(_ text: String) throws -> (String, String) {
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
            throw ValidationError("--key '\(text)': expected KEY_ID=PUBLIC_KEY.pem")
        }
        let keyId = String(text[..<equals])
        let path = String(text[text.index(after: equals)...])
        guard let pem = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ValidationError("--key \(keyId): cannot read public key file '\(path)'")
        }
        return (keyId, pem)
    }
}
