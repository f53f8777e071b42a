import ArgumentParser
import Foundation
import KalshiCore

@main
struct KalshiTrader: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kalshi-trader",
        abstract:
            "Kalshi trading system: order books, fees, binary-option pricing, volatility, connectivity and a fake exchange.",
        subcommands: [
            DemoCommand.self,
            LiveCommand.self,
            CheckCommand.self,
            InitCommand.self,
            FeeCommand.self,
            PriceCommand.self,
            VolCommand.self,
            BookCommand.self,
            MarketsCommand.self,
            FakeVenueCommand.self,
            SignalCommand.self,
            RecordCommand.self,
            ReportCommand.self,
            SweepCommand.self,
            WorkerCommand.self,
            ConvertCommand.self,
            ReplayCommand.self,
            BacktestCommand.self,
            BenchCommand.self,
            SimulateCommand.self,
        ],
        defaultSubcommand: DemoCommand.self
    )

    /// ArgumentParser's own entry point, except that every message it prints for an error goes
    /// through the password redaction: a mistyped `--journal` or `--url` must not echo a secret.
    static func main() async {
        do {
            var command = try parseAsRoot()
            EventLoopConcurrency.installIfServing(command)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            let message = SecretRedaction.redactingURLPasswords(in: fullMessage(for: error))
            if !message.isEmpty {
                let handle = code == .success ? FileHandle.standardOutput : FileHandle.standardError
                handle.write(Data((message + "\n").utf8))
            }
            Foundation.exit(code.rawValue)
        }
    }
}
