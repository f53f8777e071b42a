import ArgumentParser

@main
struct KalshiTrader: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kalshi-trader",
        abstract: "Kalshi trading system: order books, fees, binary-option pricing, volatility, connectivity and a fake exchange.",
        subcommands: [
            FeeCommand.self,
            PriceCommand.self,
            VolCommand.self,
            BookCommand.self,
            MarketsCommand.self,
            FakeVenueCommand.self,
            BenchCommand.self,
        ]
    )
}
