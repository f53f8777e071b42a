import ArgumentParser
import Foundation
import KalshiAPI
import KalshiCore
import LiveTrading

struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a first live.yaml (risk limits from your budget), then run `check` on it.",
        discussion: """
            On a terminal it asks for what is missing: environment (demo first), API key id, \
            private key file, asset and budget. Otherwise give them as flags; --key-id and \
            --budget are required there. The risk limits are derived from the budget, cautiously: \
            5 % of it in one market, 10 % across the event, a halt after losing 10 %, and cash \
            never below half of it. Sets the key file to mode 600 when it exists, prints how to \
            get one when it does not, and ends by running `check` (skip it with --no-check).
            """
    )

    @Option(help: "Folder to write live.yaml in (created if needed).")
    var dir: String = "."

    @Option(help: "prod, demo (Kalshi's demo exchange, mock money), or a URL such as a fake venue's.")
    var environment: String?

    @Option(name: .customLong("key-id"), help: "API key id, as Kalshi shows it.")
    var keyId: String?

    @Option(name: .customLong("key"), help: "The private key file Kalshi let you download.")
    var key: String?

    @Option(help: "ETH or BTC.")
    var asset: String?

    @Option(help: "Budget in dollars: the cash this program may use (20 to 1000000).")
    var budget: String?

    @Flag(help: "Overwrite an existing live.yaml.")
    var force = false

    @Flag(name: .customLong("no-check"), help: "Do not run `check` after writing.")
    var noCheck = false

    static let defaultEnvironment = "demo"
    static let defaultKeyFile = "~/.kalshi/kalshi-key.pem"
    static let defaultAsset = "ETH"

    func validate() throws {
        if let environment { try Self.checkEnvironment(environment) }
        if let asset { try Self.checkAsset(asset) }
        if let budget { _ = try Self.parseBudget(budget) }
        if let keyId, keyId.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--key-id must not be empty") }
    }

    func run() async throws {
        let interactive = isatty(STDIN_FILENO) != 0 && isatty(STDOUT_FILENO) != 0
        if !interactive {
            let missing = [keyId == nil ? "--key-id" : nil, budget == nil ? "--budget" : nil].compactMap { $0 }
            guard missing.isEmpty else {
                throw ValidationError(
                    "not on a terminal, so nothing can be asked: give \(missing.joined(separator: " and ")) (and optionally --environment, --key, --asset)"
                )
            }
        }
        let environment = try self.environment ?? Self.ask("Environment: demo, prod or a URL", default: Self.defaultEnvironment, interactive) {
            try Self.checkEnvironment($0)
        }
        let keyId = try self.keyId ?? Self.ask("API key id (Kalshi: Account & security → API Keys)", default: nil, interactive) {
            guard !$0.isEmpty else { throw ValidationError("the key id is needed") }
        }
        let keyFile = try self.key ?? Self.ask("Private key file", default: Self.defaultKeyFile, interactive) { _ in }
        let asset = try (self.asset ?? Self.ask("Asset: ETH or BTC", default: Self.defaultAsset, interactive) { try Self.checkAsset($0) })
            .uppercased()
        let budgetText = try self.budget ?? Self.ask("Budget in dollars (the cash this program may use)", default: "200", interactive) {
            _ = try Self.parseBudget($0)
        }
        let budget = try Self.parseBudget(budgetText)

        let folder = URL(fileURLWithPath: dir, isDirectory: true).standardizedFileURL
        let file = folder.appendingPathComponent("live.yaml")
        if FileManager.default.fileExists(atPath: file.path), !force {
            throw CommandFailure(description: "\(file.path) already exists; use --force to overwrite it, or --dir for another folder")
        }
        var template = LiveConfigurationTemplate(
            environment: environment, keyId: keyId, keyFile: Self.absolute(keyFile), asset: asset, budget: budget)
        if dir != "." { template.logsFolder = folder.appendingPathComponent("logs/live").path }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(template.yaml.utf8).write(to: file)
        } catch {
            throw CommandFailure(description: "cannot write \(file.path): \(error.localizedDescription)")
        }
        let limits = template.limits
        print("wrote \(file.path)")
        print(
            "  risk limits for a budget of \(budget.formatted(decimals: 2)): max_inventory \(limits.maxInventory), max_inventory_dev \(limits.maxInventoryDev), minimum_balance \(limits.minimumBalance.formatted(decimals: 2)), max_balance_dev \(limits.maxBalanceDev.formatted(decimals: 2))"
        )
        prepareKey(template.keyFile)
        print("next: kalshi-trader check --config \(file.path)")
        print("then: kalshi-trader live --config \(file.path) --runtime 600   (small limits first; Ctrl-C cancels resting orders and stops)")
        guard !noCheck else { return }
        print("")
        let report = await LiveCheck.run(configPath: file.path, overrides: LiveOverrides())
        for line in report.lines { print(line) }
        if !report.passed { throw ExitCode(1) }
    }

    /// Makes an existing key file private; says how to get one otherwise. Never reads it aloud.
    private func prepareKey(_ path: String) {
        let expanded = LiveConfigurationLoader.expandingHome(path)
        guard FileManager.default.fileExists(atPath: expanded) else {
            print("key: \(path) does not exist yet. To get one:")
            print("  1. In Kalshi (demo first: demo.kalshi.co), open Account & security → API Keys → Create key.")
            print("  2. Save the private key it downloads (shown once) as \(path), and copy the key id.")
            print("  3. chmod 600 \(path)   (this program refuses a key others can read)")
            return
        }
        do {
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: expanded)
            print("key: \(path) set to mode 600 (readable by you only)")
            print("  (a key pair comes from Kalshi: Account & security → API Keys → Create key; the private key downloads once)")
        } catch {
            print("key: could not set \(path) to mode 600 (\(error.localizedDescription)); run chmod 600 \(path)")
        }
    }

    /// Asks on the terminal until the answer passes `check` (an empty answer takes the default).
    private static func ask(
        _ question: String, default fallback: String?, _ interactive: Bool, check: (String) throws -> Void
    ) throws -> String {
        guard interactive else {
            guard let fallback else { throw ValidationError("\(question): not on a terminal, give it as a flag") }
            return fallback
        }
        while true {
            // Unbuffered, so the question shows before the answer is read.
            FileHandle.standardOutput.write(Data("\(question)\(fallback.map { " [\($0)]" } ?? ""): ".utf8))
            guard let line = readLine() else { throw CommandFailure(description: "input ended before '\(question)' was answered") }
            let answer = line.trimmingCharacters(in: .whitespaces)
            let value = answer.isEmpty ? (fallback ?? "") : answer
            do {
                try check(value)
                return value
            } catch {
                print("  \(error)")
            }
        }
    }

    private static func checkEnvironment(_ text: String) throws {
        do { _ = try KalshiEnvironment(named: text) } catch { throw ValidationError("--environment: \(error.description)") }
    }

    private static func checkAsset(_ text: String) throws {
        guard ["ETH", "BTC"].contains(text.uppercased()) else { throw ValidationError("--asset '\(text)' is not ETH or BTC") }
    }

    private static func parseBudget(_ text: String) throws -> Money {
        guard let amount = try? Money(parsing: text), LiveConfigurationTemplate.budgetRange.contains(amount) else {
            throw ValidationError(
                "--budget must be a dollar amount from \(LiveConfigurationTemplate.budgetRange.lowerBound.formatted(decimals: 0)) to \(LiveConfigurationTemplate.budgetRange.upperBound.formatted(decimals: 0)), got '\(text)'"
            )
        }
        return amount
    }

    /// A relative key path is made absolute, so the configuration works from any folder.
    private static func absolute(_ path: String) -> String {
        guard !path.hasPrefix("/"), !path.hasPrefix("~") else { return path }
        return URL(fileURLWithPath: path).standardizedFileURL.path
    }
}
