import ArgumentParser
import Observability
import Foundation
import KalshiAPI
import KalshiCore
import TraderRuntime

struct RecordCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record Kalshi and signal frames (with the REST seeds) into a recording.",
        discussion: """
            Offline (no --url) the fake venues start in-process and play the demo's synthetic \
            hour (scenario speed from the config or --speed); with --url the exchange is Kalshi \
            (prod, demo) or a fake venue's URL, on the wall clock (run `fake-venue` at speed 1), \
            and the WebSocket needs an API key (--key-id/--key-file or the config's live_data). \
            Every frame is written with its receive time, in blocks flushed at least once a \
            second (a crash leaves a valid prefix). The strategy paper-trades alongside, like the \
            demo, and writes logs/<session-id>/; a backtest of the recording with the same \
            configuration makes the same decisions. Ends after --duration seconds, or when the \
            recorded markets have settled. Prints one JSON line describing the recording.
            """
    )

    @Option(help: "ETH or BTC (overrides the config).")
    var asset: String?

    @Option(parsing: .unconditional, help: "Wall-clock seconds to record (default: until the markets settle).")
    var duration: Double?

    @Option(help: "The recording file (default recordings/<UTC time>-<asset>.krec).")
    var out: String?

    @Option(help: "Exchange: prod, demo, or a fake venue's URL such as http://127.0.0.1:8080 (default: in-process fake venues).")
    var url: String?

    @Option(name: .customLong("key-id"), help: "API key id for the WebSocket handshake.")
    var keyId: String?

    @Option(name: .customLong("key-file"), help: "Private key (PEM) of --key-id.")
    var keyFile: String?

    @Option(parsing: .unconditional, help: "Scenario speed of the in-process fake venues (overrides the config).")
    var speed: Double?

    @Option(help: "JSON configuration file (see config/demo.json).")
    var config: String?

    @Option(help: "Directory for the paper-trading session logs.")
    var logs: String = "logs"

    @OptionGroup var metrics: MetricsArgument
    @OptionGroup var logFormat: LogFormatArgument

    func validate() throws {
        _ = try metrics.address()
        if let duration { try CommandLimits.checkSeconds(duration, flag: "--duration") }
        if let speed {
            guard speed > 0, speed <= 10_000 else { throw ValidationError("--speed must be in (0, 10000], got \(speed)") }
        }
        if let asset {
            guard ["ETH", "BTC"].contains(asset.uppercased()) else {
                throw ValidationError("--asset must be ETH or BTC, got '\(asset)'")
            }
        }
        if let url { do { _ = try KalshiEnvironment(named: url) } catch { throw ValidationError("--url: \(error)") } }
        guard (keyId == nil) == (keyFile == nil) else { throw ValidationError("--key-id and --key-file go together") }
        _ = try loadConfiguration()
    }

    private func loadConfiguration() throws -> TradingConfiguration {
        var configuration = TradingConfiguration()
        if let config {
            do { configuration = try ConfigurationLoader.load(path: config) } catch { throw ValidationError(error.description) }
        }
        if let asset { configuration.asset = asset.uppercased() }
        if let speed { configuration.speed = speed }
        return configuration
    }

    func run() async throws {
        let configuration = try loadConfiguration()
        let path: String
        if let out {
            path = out
        } else {
            try? FileManager.default.createDirectory(atPath: "recordings", withIntermediateDirectories: true)
            let stamp = RFC3339.format(ms: Int64(Date().timeIntervalSince1970 * 1_000)).filter { $0 != ":" && $0 != "-" }
            path = "recordings/\(stamp)-\(configuration.asset).krec"
        }
        try? FileManager.default.createDirectory(
            at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
        if url != nil, (keyId ?? configuration.liveData.keyId) == nil {
            StandardError.print(
                "warning: no API key: the WebSocket connects anonymously, which a fake venue started with --key refuses (give --key-id and --key-file)"
            )
        }
        var options = RecordOptions(outPath: path)
        options.durationSeconds = duration
        options.url = url
        options.keyId = keyId
        options.keyFile = keyFile
        options.logsDirectory = logs
        options.observability = ObservabilityOptions(metrics: try metrics.address())
        let result: RecordSession.Result
        do {
            result = try await RecordSession.run(configuration: configuration, options: options, console: ConsoleReporter(structured: logFormat.consoleLogger()))
        } catch let error as ConfigurationError {
            throw ValidationError(error.description)
        } catch {
            throw CommandFailure(description: "record failed: \(error)")
        }
        var writer = JSONLineWriter()
        writer.add("recording", result.recordingPath)
        writer.add("records", result.records)
        writer.add("bytes", Int(result.bytes))
        writer.add("session_id", result.sessionId)
        writer.add("logs", result.logDirectory)
        Console.line(writer.line)
    }
}
