import ArgumentParser

@main
struct KalshiTrader: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kalshi-trader",
        abstract: "Kalshi trading system: order books, fees, binary-option pricing, volatility, connectivity and a fake exchange.",
        subcommands: [
            DemoCommand.self,
            LiveCommand.self,
            FeeCommand.self,
            PriceCommand.self,
            VolCommand.self,
            BookCommand.self,
            MarketsCommand.self,
            FakeVenueCommand.self,
            SignalCommand.self,
            RecordCommand.self,
            ConvertCommand.self,
            ReplayCommand.self,
            BacktestCommand.self,
            BenchCommand.self,
        ],
        defaultSubcommand: DemoCommand.self
    )
}
