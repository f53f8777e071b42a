import ArgumentParser

@main
struct KalshiTrader: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kalshi-trader",
        abstract: "Kalshi trading system: order books, fees, binary-option pricing and volatility.",
        subcommands: [
            FeeCommand.self,
            PriceCommand.self,
            VolCommand.self,
            BookCommand.self,
            BenchCommand.self,
        ]
    )
}
