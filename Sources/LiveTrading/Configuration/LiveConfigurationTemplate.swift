import KalshiAPI
import KalshiCore

/// The `live.yaml` that `kalshi-trader init` writes: every section commented, and risk limits
/// derived from the budget (the cash the account holds for this program), on the cautious side.
public struct LiveConfigurationTemplate: Sendable, Equatable {
    public var environment: String
    public var keyId: String
    public var keyFile: String
    public var asset: String
    public var budget: Money
    /// Session logs, the journal and the kill-switch file go here.
    public var logsFolder = "logs/live"

    /// Budgets `init` accepts, in dollars: below 20 no limit leaves room for one contract.
    public static let budgetRange = Money(cents: 2_000)...Money(cents: 100_000_000)

    public init(environment: String, keyId: String, keyFile: String, asset: String, budget: Money) {
        self.environment = environment
        self.keyId = keyId
        self.keyFile = keyFile
        self.asset = asset
        self.budget = budget
    }

    /// The limits, from the budget B: at most 5 % of B in one market (a contract costs at most
    /// $1), 10 % across the event, trading halts after losing 10 % of B, and cash never goes
    /// below half of B.
    public struct Limits: Sendable, Equatable {
        public var maxInventory: Int
        public var maxInventoryDev: Int
        public var maxOrderSize: Int
        public var minimumBalance: Money
        public var maxBalanceDev: Money
    }

    public var limits: Limits {
        // `budgetRange` bounds the budget to $1M: every product below fits easily in Int64.
        let dollars = Int(budget.micros / Money.microsPerDollar)
        let perMarket = max(1, dollars / 20)
        return Limits(
            maxInventory: perMarket, maxInventoryDev: max(perMarket, dollars / 10), maxOrderSize: min(5, perMarket),
            minimumBalance: Money(micros: budget.micros / 2).rounded(toMultipleOf: Money.microsPerCent, .down),
            maxBalanceDev: Money(micros: budget.micros / 10).rounded(toMultipleOf: Money.microsPerCent, .down))
    }

    public var yaml: String {
        let limits = limits
        return """
            # kalshi-trader live: written by `kalshi-trader init` for a budget of $\(budget.formatted(decimals: 2)).
            #
            #   kalshi-trader check --config live.yaml     # everything ready? (places no order)
            #   kalshi-trader live --config live.yaml --runtime 600
            #
            # Flags override this file: --url (environment), --key-id, --key, --journal, --runtime, --resume.
            # Money is in dollars and counts in contracts, read as exact decimals.

            # prod, demo (Kalshi's demo exchange: mock money, start there), or a fake venue's URL.
            environment: \(Self.quoted(environment))

            # The API key: its id, and the private key file Kalshi let you download (chmod 600).
            key:
              id: \(Self.quoted(keyId))
              file: \(Self.quoted(keyFile))

            # The current hourly "above $X" event of the asset; the strike nearest the spot. The
            # session rolls on to the next event before each close (roll: false trades just one).
            markets:
              asset: \(asset)
              strikes: nearest        # nearest | every
              nearest_count: 1
              roll: true

            # Risk limits, derived from the budget (B = \(budget.formatted(decimals: 2))). Raise them only
            # after watching the program trade.
            risk:
              max_inventory: \(limits.maxInventory)                 # contracts in one market (5 % of B; a contract costs at most $1)
              max_inventory_dev: \(limits.maxInventoryDev)             # contracts across the event's markets (10 % of B)
              minimum_balance: \(limits.minimumBalance.formatted(decimals: 2))         # cash that must remain after any order; the least balance to start (B / 2)
              max_balance_dev: \(limits.maxBalanceDev.formatted(decimals: 2))          # loss of equity that halts trading (10 % of B)
              terminal_exit_time: 300           # seconds before the close: no new orders, resting ones canceled
              reconciliation_period: 30         # seconds between reconciliations with the exchange
              maximum_orderbook_staleness: 10   # seconds without updates before book or price is stale
              minimum_edge: 0.03                # edge per contract beyond the fee before trading
              max_order_size: \(limits.maxOrderSize)
              max_open_orders: 4
              max_orders_per_second: 2

            strategy:
              trade_size: 1
              cooldown_seconds: 10
              order_timeout_seconds: 20
              rate: 0
              order_style: take       # take: immediate-or-cancel at the touch | make: post-only at the touch
              model: settlement_average   # settlement_average: the 60 s average Kalshi settles on | black_scholes: N(d2) on spot

            # The journal: order intents (written before they are sent), answers, fills, positions.
            # A restart with the same location and session resumes.
            journal:
              location: \(Self.quoted(logsFolder + "/journal.sqlite"))   # or postgresql://user:password@host:5432/database
              session: default

            operations:
              cancel_on_exit: true
              orphan_orders: cancel         # resting orders this session does not know: cancel | adopt | ignore
              kill_switch_file: \(Self.quoted(logsFolder + "/KILL"))   # touch it to cancel everything and halt
              status_interval_seconds: 5
              request_timeout_seconds: 10
              settlement_wait_seconds: 900
              rate_limit_tier: basic        # `kalshi-trader check` reports the account's tier
              logs: \(Self.quoted(logsFolder))

            signals:
              endpoint: auto

            """
    }

    /// A YAML double-quoted scalar (a JSON string is one): paths and ids may hold characters
    /// YAML would otherwise read as syntax.
    static func quoted(_ text: String) -> String { JSONLineWriter.quote(text) }
}
