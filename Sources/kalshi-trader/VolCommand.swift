import ArgumentParser
import Foundation
import Pricing

extension VolatilityEstimator: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument) }
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

struct VolCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vol",
        abstract: "Realized volatility from 1-minute OHLC candles.",
        discussion: """
            Reads `timestamp_ms,open,high,low,close,volume` rows, resamples them into bars of \
            --interval aligned to the Unix epoch, drops a trailing incomplete bar, uses the last \
            --window bars and prints `vol <annualized>` with 8 decimals.
            """
    )

    @Option(help: "CSV file of 1-minute candles.")
    var candles: String

    @Option(help: "Estimator.")
    var estimator: VolatilityEstimator = .rogersSatchell

    @Option(help: "Number of complete bars to use.")
    var window: Int = 24

    @Option(help: "Bar interval: 1m, 5m, 15m, 1h, …")
    var interval: String = "5m"

    func validate() throws {
        do { _ = try CandleInterval(parsing: interval) } catch { throw ValidationError("--interval: \(error)") }
        guard window >= estimator.minimumBars else {
            throw ValidationError("--window must be at least \(estimator.minimumBars) for \(estimator.rawValue), got \(window)")
        }
    }

    func run() throws {
        let barInterval = try CandleInterval(parsing: interval)
        let text: String
        do {
            text = try String(contentsOfFile: candles, encoding: .utf8)
        } catch {
            throw CommandFailure(description: "cannot read candles file '\(candles)': \(error.localizedDescription)")
        }
        do {
            let parsed = try CandleCSV.parse(text)
            let sigma = try RealizedVolatility.annualized(
                candles: parsed, estimator: estimator, window: window, interval: barInterval)
            print("vol \(String(format: "%.8f", sigma))")
        } catch {
            throw CommandFailure(description: "\(candles): \(error)")
        }
    }
}
