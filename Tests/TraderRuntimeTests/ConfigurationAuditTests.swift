import KalshiAPI
import KalshiCore
import Strategies
import Testing
import TradingEngine

@testable import TraderRuntime

/// Settings that each parse but together could never trade are found before anything starts.
struct ConfigurationAuditTests {
    static func audit(
        risk: RiskLimits = RiskLimits(), strategy: BinaryEdgeConfiguration = BinaryEdgeConfiguration(),
        balance: Money? = Money(cents: 100_000), tier: RateLimitTier? = .basic, requestTimeout: Double? = 10
    ) -> ConfigurationAudit {
        var context = ConfigurationAudit.Context()
        context.startingBalance = balance
        context.balanceField = "--balance"
        context.tier = tier
        context.requestTimeoutSeconds = requestTimeout
        return ConfigurationAudit(risk: risk, strategy: strategy, context: context)
    }

    @Test func theDefaultsAreConsistent() {
        #expect(Self.audit().findings.isEmpty, "\(Self.audit().findings)")
    }

    @Test func aStartingBalanceBelowTheFloorIsRefusedNamingBothFields() {
        let audit = Self.audit(balance: Money(cents: 5_000))
        #expect(audit.refusals.map(\.fields) == [["--balance", "risk.minimum_balance"]])
        #expect(audit.refusals.first?.problem.contains("50.00 is below the floor 100.00") == true)
    }

    @Test func aBalanceWithoutRoomForOneOrderIsAWarning() {
        // Floor 100, balance 102, orders of 5 contracts may cost up to 5.00.
        let audit = Self.audit(balance: Money(cents: 10_200))
        #expect(audit.refusals.isEmpty)
        #expect(audit.warnings.map(\.fields) == [["--balance", "risk.minimum_balance", "strategy.trade_size"]])
    }

    @Test func aNegativeMinimumEdgeIsRefusedAndZeroIsAWarning() {
        var risk = RiskLimits()
        risk.minimumEdge = Money(micros: -10_000)
        #expect(Self.audit(risk: risk).refusals.map(\.fields) == [["risk.minimum_edge"]])
        risk.minimumEdge = .zero
        let zero = Self.audit(risk: risk)
        #expect(zero.refusals.isEmpty)
        #expect(zero.warnings.map(\.fields) == [["risk.minimum_edge"]])
    }

    @Test func ordersLargerThanTheLimitsAreRefused() {
        var strategy = BinaryEdgeConfiguration()
        strategy.tradeSize = Quantity(contracts: 30)
        let audit = Self.audit(strategy: strategy, balance: nil)
        #expect(audit.refusals.map(\.fields) == [["strategy.trade_size", "risk.max_order_size"]])
        var risk = RiskLimits()
        risk.maxInventory = Quantity(contracts: 2)
        #expect(Self.audit(risk: risk, balance: nil).refusals.map(\.fields) == [["strategy.trade_size", "risk.max_inventory"]])
    }

    @Test func aTerminalExitAsLongAsTheEventIsRefused() {
        var risk = RiskLimits()
        risk.terminalExitTime = 3_600
        #expect(Self.audit(risk: risk).refusals.map(\.fields) == [["risk.terminal_exit_time"]])
        risk.terminalExitTime = 2_400
        #expect(Self.audit(risk: risk).warnings.map(\.fields) == [["risk.terminal_exit_time"]])
    }

    @Test func restingOrdersReplacedFasterThanTheTierAllowsAreRefused() {
        var strategy = BinaryEdgeConfiguration()
        strategy.orderStyle = .make
        strategy.orderTimeoutSeconds = 1
        var risk = RiskLimits()
        risk.maxOpenOrders = 20  // 20 × (10 + 2) tokens per second > basic's 100
        let basic = Self.audit(risk: risk, strategy: strategy, requestTimeout: nil)
        #expect(basic.refusals.map(\.fields) == [["strategy.order_timeout_seconds", "risk.max_open_orders", "operations.rate_limit_tier"]])
        #expect(basic.refusals.first?.fix.contains("at least 2.40 s") == true, "\(basic.refusals)")
        #expect(Self.audit(risk: risk, strategy: strategy, tier: .premier, requestTimeout: nil).refusals.isEmpty)
        // Without a tier (the demo) there is no exchange rate to compare with.
        #expect(Self.audit(risk: risk, strategy: strategy, tier: nil, requestTimeout: nil).refusals.isEmpty)
    }

    @Test func aRestingOrderTimingOutBeforeItsRequestCanBeAnsweredIsAWarning() {
        var strategy = BinaryEdgeConfiguration()
        strategy.orderStyle = .make
        strategy.orderTimeoutSeconds = 5
        let audit = Self.audit(strategy: strategy, requestTimeout: 10)
        #expect(audit.warnings.map(\.fields) == [["strategy.order_timeout_seconds", "operations.request_timeout_seconds"]])
    }

    @Test func moreOrdersPerSecondThanTheTierIsAWarning() {
        var risk = RiskLimits()
        risk.maxOrdersPerSecond = 50
        #expect(Self.audit(risk: risk).warnings.map(\.fields) == [["risk.max_orders_per_second", "operations.rate_limit_tier"]])
        #expect(Self.audit(risk: risk, tier: .prestige).findings.isEmpty)
    }
}
