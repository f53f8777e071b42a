import ArgumentParser
import Foundation
import Pricing

struct PriceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "price",
        abstract: "Price a YES contract as a Black-Scholes cash-or-nothing binary call.",
        discussion: """
            Prints `fair <probability>` with 8 decimals: N(d2), time in years of 365.25 days. With \
            --model settlement_average, the contract as Kalshi settles it: on the average of the \
            sixty one-second index values before the close; inside that minute --known-average \
            gives the average of the values already published (default: the spot).
            """
    )

    @Option(parsing: .unconditional, help: "Spot price of the underlying.", transform: parseFiniteDouble)
    var spot: Double

    @Option(parsing: .unconditional, help: "Strike of the market.", transform: parseFiniteDouble)
    var strike: Double

    @Option(parsing: .unconditional, help: "Annualized volatility, e.g. 0.6 for 60%.", transform: parseFiniteDouble)
    var vol: Double

    @Option(parsing: .unconditional, help: "Minutes until expiry.", transform: parseFiniteDouble)
    var minutes: Double

    @Option(parsing: .unconditional, help: "Continuously compounded annual rate.", transform: parseFiniteDouble)
    var rate: Double = 0

    @Option(help: "black_scholes (N(d2) on spot at the close) or settlement_average.")
    var model = "black_scholes"

    @Option(
        name: .customLong("known-average"), parsing: .unconditional,
        help: "settlement_average inside the final minute: average of the index values already published.",
        transform: parseFiniteDouble)
    var knownAverage: Double?

    func validate() throws {
        guard ["black_scholes", "settlement_average"].contains(model) else {
            throw ValidationError("--model '\(model)' is not black_scholes or settlement_average")
        }
        if let knownAverage {
            guard model == "settlement_average" else {
                throw ValidationError("--known-average applies to --model settlement_average only")
            }
            guard SettlementAverageBinary.elapsedSampleCount(secondsToClose: minutes * 60) > 0 else {
                throw ValidationError("--known-average applies inside the final minute only (--minutes below 1)")
            }
            guard knownAverage > 0 else { throw ValidationError("--known-average must be a positive price, got \(knownAverage)") }
        }
        do { _ = try fairValue() } catch { throw ValidationError(error.description) }
    }

    func run() throws {
        print("fair \(String(format: "%.8f", try fairValue()))")
    }

    private func fairValue() throws(PricingError) -> Double {
        if model == "settlement_average" {
            let seconds = minutes * 60
            let elapsed = SettlementAverageBinary.elapsedSampleCount(secondsToClose: seconds)
            return try SettlementAverageBinary.yesProbability(
                spot: spot, strike: strike, volatility: vol, secondsToClose: seconds,
                observedSum: knownAverage.map { $0 * Double(elapsed) }, rate: rate)
        }
        return try BinaryOption.yesProbability(
            spot: spot, strike: strike, volatility: vol,
            yearsToExpiry: BinaryOption.years(fromSeconds: minutes * 60), rate: rate)
    }
}
