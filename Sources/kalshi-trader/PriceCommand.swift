import ArgumentParser
import Foundation
import Pricing

struct PriceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "price",
        abstract: "Price a YES contract as a Black-Scholes cash-or-nothing binary call.",
        discussion: "Prints `fair <probability>` with 8 decimals: N(d2), time in years of 365.25 days."
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

    func validate() throws {
        do { _ = try fairValue() } catch { throw ValidationError(error.description) }
    }

    func run() throws {
        print("fair \(String(format: "%.8f", try fairValue()))")
    }

    private func fairValue() throws(PricingError) -> Double {
        try BinaryOption.yesProbability(
            spot: spot, strike: strike, volatility: vol,
            yearsToExpiry: BinaryOption.years(fromSeconds: minutes * 60), rate: rate)
    }
}
