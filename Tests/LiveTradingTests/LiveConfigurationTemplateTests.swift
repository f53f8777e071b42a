import KalshiAPI
import KalshiCore
import LiveTrading
import Testing
import TraderRuntime

/// The `live.yaml` that `init` writes reads back as written, with limits from the budget that
/// the configuration audit finds consistent.
struct LiveConfigurationTemplateTests {
    @Test(arguments: [20, 200, 5_000, 1_000_000])
    func theTemplateParsesBackWithConsistentLimits(dollars: Int) throws {
        let budget = Money(cents: Int64(dollars) * 100)
        let template = LiveConfigurationTemplate(
            environment: "demo", keyId: "a952bcbe-ec3b-4b5b-b8f9-11dae589608c", keyFile: "/keys/my key \"1\".pem", asset: "BTC",
            budget: budget)
        let configuration = try LiveConfigurationLoader.parse(template.yaml)
        #expect(configuration.environment == "demo")
        #expect(configuration.key.file == "/keys/my key \"1\".pem")
        #expect(configuration.markets.asset == "BTC")
        let limits = template.limits
        #expect(configuration.risk.maxInventory == Quantity(contracts: limits.maxInventory))
        #expect(configuration.risk.minimumBalance == limits.minimumBalance)
        #expect(configuration.risk.maxBalanceDev == limits.maxBalanceDev)
        // Cautious: at most 5 % of the budget in one market, never more than half committed.
        #expect(Int64(limits.maxInventory) * 100 <= max(100, Int64(dollars) * 5))
        #expect(limits.minimumBalance.micros * 2 == budget.micros)
        var context = ConfigurationAudit.Context()
        context.startingBalance = budget
        context.tier = configuration.operations.rateLimitTier
        context.requestTimeoutSeconds = Double(configuration.operations.requestTimeoutSeconds)
        let audit = ConfigurationAudit(risk: configuration.risk, strategy: configuration.strategyConfiguration, context: context)
        #expect(audit.findings.isEmpty, "\(audit.findings)")
    }

    @Test func twoHundredDollarsGiveTheDocumentedLimits() {
        let limits = LiveConfigurationTemplate(environment: "demo", keyId: "k", keyFile: "k.pem", asset: "ETH", budget: Money(cents: 20_000))
            .limits
        #expect(limits.maxInventory == 10)
        #expect(limits.maxInventoryDev == 20)
        #expect(limits.maxOrderSize == 5)
        #expect(limits.minimumBalance == Money(cents: 10_000))
        #expect(limits.maxBalanceDev == Money(cents: 2_000))
    }
}
