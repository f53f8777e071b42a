import Foundation
import KalshiCore
import LiveTrading
import Testing
import TradingEngine

/// The YAML configuration: the shipped sample loads, every limit keeps its original name, and a
/// bad file is refused with an error naming the field.
@Suite struct LiveConfigurationTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func theShippedSampleLoads() throws {
        let configuration = try LiveConfigurationLoader.load(
            path: Self.repository.appendingPathComponent("config/live.yaml").path)
        #expect(configuration.environment == "prod")
        #expect(
            configuration.markets.asset == "ETH" && configuration.markets.strikes == .nearest
                && configuration.markets.nearestCount == 1)
        #expect(configuration.risk.maxInventory == Quantity(contracts: 20))
        #expect(configuration.risk.minimumBalance == Money(cents: 5_000))
        #expect(configuration.risk.minimumEdge == Money(cents: 1), "0.01 is read as exactly one cent")
        #expect(configuration.risk.reconciliationPeriod == 30)
        #expect(configuration.operations.orphanOrders == .cancel && configuration.operations.cancelOnExit)
        #expect(configuration.operations.orderConnection)
        #expect(configuration.journalLocation == "logs/live/journal.sqlite")
        #expect(
            configuration.strategyConfiguration.strikes == .nearest && configuration.strategyConfiguration.nearestStrikes == 1)
        #expect(configuration.key.file?.hasSuffix("/.kalshi/kalshi-key.pem") == true, "~ is expanded")
    }

    @Test func flagsOverrideTheFile() throws {
        var overrides = LiveOverrides()
        overrides.url = "http://127.0.0.1:9"
        overrides.keyId = "cli-key"
        overrides.keyFile = "/tmp/cli.pem"
        overrides.journal = "postgresql://u@h/db"
        let configuration = overrides.applied(
            to: try LiveConfigurationLoader.load(path: Self.repository.appendingPathComponent("config/live.yaml").path))
        #expect(configuration.environment == "http://127.0.0.1:9")
        #expect(configuration.key.id == "cli-key" && configuration.key.file == "/tmp/cli.pem")
        #expect(configuration.journalLocation == "postgresql://u@h/db")
    }

    static let minimal = """
        key: {id: k, file: /tmp/k.pem}
        markets: {asset: BTC, strikes: every}
        risk:
          max_inventory: 10
          max_inventory_dev: 20
          minimum_balance: 100
          max_balance_dev: 50
          terminal_exit_time: 60
          reconciliation_period: 30
          maximum_orderbook_staleness: 10
          minimum_edge: 0.0125
        """

    @Test func defaultsFillWhatIsOptional() throws {
        let configuration = try LiveConfigurationLoader.parse(Self.minimal)
        #expect(configuration.markets.asset == "BTC")
        #expect(configuration.strategyConfiguration.strikes == .all)
        #expect(configuration.risk.minimumEdge == Money(micros: 12_500))
        #expect(configuration.risk.maxOrderSize == RiskLimits().maxOrderSize)
        #expect(configuration.journal.session == "default")
        #expect(configuration.operations.rateLimitTier == .basic)
        #expect(configuration.signals.venue == .composite, "the composite of spot venues backs the settlement index")
        #expect(configuration.signals.settlementIndex)
        #expect(configuration.operations.orderConnection, "orders have a connection of their own unless turned off")
    }

    @Test func theOrderConnectionCanBeTurnedOff() throws {
        let yaml = Self.minimal + "\noperations: {order_connection: false}\n"
        #expect(try LiveConfigurationLoader.parse(yaml).operations.orderConnection == false)
    }

    @Test func theSpotVenueIsChosenByName() throws {
        let yaml = Self.minimal + "\nsignals: {venue: cryptocom}\n"
        #expect(try LiveConfigurationLoader.parse(yaml).signals.venue == .cryptocom)
    }

    @Test(arguments: [
        ("risk:\n  max_inventory: 10\n", "risk.max_inventory_dev"),
        ("key: {id: k}\n", "risk"),
        ("risk: 12\n", "risk"),
        ("environment: prod\nenvironmnet: demo\n", "environmnet"),
    ])
    func incompleteFilesAreRefused(yaml: String, field: String) {
        #expect {
            _ = try LiveConfigurationLoader.parse(yaml)
        } throws: { error in
            (error as? LiveConfigurationError)?.field == field
        }
    }

    @Test(arguments: [
        ("  minimum_edge: 0.0125", "  minimum_edge: 1.50", "risk.minimum_edge"),
        ("  max_inventory: 10", "  max_inventory: -3", "risk.max_inventory"),
        // Sizes the engine's arithmetic could not hold are refused by name, not trapped on later.
        ("  max_inventory: 10", "  max_inventory: 99999999999", "risk.max_inventory"),
        ("  minimum_balance: 100", "  minimum_balance: 99999999999999", "risk.minimum_balance"),
        ("  terminal_exit_time: 60", "  terminal_exit_time: soon", "risk.terminal_exit_time"),
        ("  reconciliation_period: 30", "  reconciliation_period: 0", "risk.reconciliation_period"),
        ("markets: {asset: BTC, strikes: every}", "markets: {asset: DOGE}", "markets.asset"),
        ("markets: {asset: BTC, strikes: every}", "markets: {asset: BTC, strikes: some}", "markets.strikes"),
        (
            "key: {id: k, file: /tmp/k.pem}", "key: {id: k, file: /tmp/k.pem}\noperations: {orphan_orders: keep}",
            "operations.orphan_orders"
        ),
        (
            "key: {id: k, file: /tmp/k.pem}", "key: {id: k, file: /tmp/k.pem}\noperations: {rate_limit_tier: gold}",
            "operations.rate_limit_tier"
        ),
        ("key: {id: k, file: /tmp/k.pem}", "key: {id: k, file: /tmp/k.pem}\njournal: {session: 'a b'}", "journal.session"),
        ("key: {id: k, file: /tmp/k.pem}", "key: {id: k, file: /tmp/k.pem, secret: x}", "key.secret"),
        ("key: {id: k, file: /tmp/k.pem}", "key: {id: k, file: /tmp/k.pem}\nsignals: {venue: binance}", "signals.venue"),
        (
            "key: {id: k, file: /tmp/k.pem}", "key: {id: k, file: /tmp/k.pem}\noperations: {order_connection: maybe}",
            "operations.order_connection"
        ),
    ])
    func badValuesAreRefusedNamingTheField(old: String, new: String, field: String) {
        let yaml = Self.minimal.replacingOccurrences(of: old, with: new)
        #expect(yaml != Self.minimal)
        #expect {
            _ = try LiveConfigurationLoader.parse(yaml)
        } throws: { error in
            (error as? LiveConfigurationError)?.field == field
        }
    }
}
