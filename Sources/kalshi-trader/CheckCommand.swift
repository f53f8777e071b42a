import ArgumentParser
import Foundation
import LiveTrading

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check, without placing an order, everything a live session needs.",
        discussion: """
            Checks the configuration's consistency, the key file (present, private, an RSA key), \
            the journal (writable, its schema), the exchange (reachable, open), the host clock \
            against the exchange's Date header, that the exchange accepts the key, the balance on \
            the traded markets' shard against risk.minimum_balance, the API tier against \
            operations.rate_limit_tier, the current hourly event and its strikes, the WebSocket \
            (signed handshake, a book subscription) and the price feed (a fresh price, candle \
            history). Prints one line per check (ok / warn / fail / skip, the reason and the fix) \
            and exits 1 if any check failed.
            """
    )

    @Option(help: "YAML configuration file (see config/live.yaml, or `kalshi-trader init`).")
    var config: String

    @Option(help: "Exchange base URL (overrides `environment`), e.g. a `kalshi-trader fake-venue`.")
    var url: String?

    @Option(name: .customLong("key-id"), help: "API key id (overrides key.id).")
    var keyId: String?

    @Option(name: .customLong("key"), help: "Private key PEM file (overrides key.file).")
    var key: String?

    @Option(help: "Journal: a file path or postgresql://… (overrides journal.location).")
    var journal: String?

    @Flag(help: "Print one JSON object instead of lines.")
    var json = false

    func run() async throws {
        var overrides = LiveOverrides()
        overrides.url = url
        overrides.keyId = keyId
        overrides.keyFile = key
        overrides.journal = journal
        let report = await LiveCheck.run(configPath: config, overrides: overrides)
        if json {
            print(report.json)
        } else {
            for line in report.lines { print(line) }
        }
        if !report.passed { throw ExitCode(1) }
    }
}
