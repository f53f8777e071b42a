import ArgumentParser
import KalshiCore

struct FeeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fee",
        abstract: "Print the fee a retail account pays for one order filled at one price.",
        discussion: """
            Kalshi's quadratic fee, computed exactly: 0.07 × multiplier × C × P × (1 − P) for takers; \
            makers pay 0.0175 × … on quadratic_with_maker_fees, 0.035 × … on \
            quadratic_with_combo_maker_fees and nothing on plain quadratic. Rounded up to $0.0001 \
            per fill, then to the cent for the order. Prints `fee <dollars>`.
            """
    )

    @Option(parsing: .unconditional, help: "Fill price in dollars (0...1), e.g. 0.50.", transform: parsePriceArgument)
    var price: Price

    @Option(parsing: .unconditional, help: "Number of contracts (up to two decimals).", transform: parseCountArgument)
    var count: Quantity

    @Flag(help: "The order rested on the book (maker) instead of taking liquidity.")
    var maker = false

    @Option(name: .customLong("fee-type"), help: "The series' fee type.")
    var feeType: FeeType = .quadratic

    @Option(parsing: .unconditional, help: "The series' fee multiplier (up to four decimals).")
    var multiplier: String = "1"

    func validate() throws {
        do { _ = try FeeSchedule(type: feeType, multiplier: multiplier) } catch {
            throw ValidationError("--multiplier: \(error.description)")
        }
    }

    func run() throws {
        let schedule = try FeeSchedule(type: feeType, multiplier: multiplier)
        let fee = schedule.retailOrderFee(price: price, count: count, role: maker ? .maker : .taker)
        print("fee \(fee.formatted(decimals: 2))")
    }
}
