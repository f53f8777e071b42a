/// Everything a backtest report page shows, already formatted where it is money (fixed-point
/// strings from the run); chart coordinates are plain numbers (display only).
public struct ReportDocument: Sendable, Equatable {
    public var title: String
    /// Lines under the title: recording, configuration, strategy.
    public var details: [String]
    /// Every run of the same recording; the first is the primary run (its logs, its panels).
    public var runs: [ReportRun]
    /// The primary run's markets: fair value against bid and ask, fills, position.
    public var markets: [ReportMarket]
    /// The primary run's fills (the first ones when there are many).
    public var fills: [ReportFill]
    public var fillsOmitted: Int
    public var fees: [ReportFee]
    public var notes: [String]
    /// The primary run's calibration: reliability of the model and the market, P&L by strike and time to close.
    public var calibration: ReportCalibration?

    public init(
        title: String, details: [String] = [], runs: [ReportRun] = [], markets: [ReportMarket] = [], fills: [ReportFill] = [],
        fillsOmitted: Int = 0, fees: [ReportFee] = [], notes: [String] = [], calibration: ReportCalibration? = nil
    ) {
        self.title = title
        self.details = details
        self.runs = runs
        self.markets = markets
        self.fills = fills
        self.fillsOmitted = fillsOmitted
        self.fees = fees
        self.notes = notes
        self.calibration = calibration
    }
}

public struct ReportPoint: Sendable, Equatable {
    public var timeMs: Int64
    public var value: Double

    public init(timeMs: Int64, value: Double) {
        self.timeMs = timeMs
        self.value = value
    }
}

/// One run's row of the metrics table and its P&L curve.
public struct ReportRun: Sendable, Equatable {
    public var label: String
    public var pnlNet: String
    public var trades: Int
    public var hitRate: Double?
    public var maxDrawdown: String
    public var brierModel: Double?
    public var brierMarket: Double?
    public var events: Int
    public var fees: String
    /// Equity − starting balance over time, dollars.
    public var pnl: [ReportPoint]

    public init(
        label: String, pnlNet: String, trades: Int, hitRate: Double?, maxDrawdown: String, brierModel: Double?,
        brierMarket: Double?,
        events: Int, fees: String, pnl: [ReportPoint]
    ) {
        self.label = label
        self.pnlNet = pnlNet
        self.trades = trades
        self.hitRate = hitRate
        self.maxDrawdown = maxDrawdown
        self.brierModel = brierModel
        self.brierMarket = brierMarket
        self.events = events
        self.fees = fees
        self.pnl = pnl
    }
}

public struct ReportMarker: Sendable, Equatable {
    public var timeMs: Int64
    /// YES price, 0...1.
    public var price: Double
    public var isBuy: Bool
    public var label: String

    public init(timeMs: Int64, price: Double, isBuy: Bool, label: String) {
        self.timeMs = timeMs
        self.price = price
        self.isBuy = isBuy
        self.label = label
    }
}

public struct ReportMarket: Sendable, Equatable {
    public var ticker: String
    public var detail: String
    public var fair: [ReportPoint]
    public var bid: [ReportPoint]
    public var ask: [ReportPoint]
    public var fills: [ReportMarker]
    /// Signed position in contracts after each fill.
    public var position: [ReportPoint]

    public init(
        ticker: String, detail: String, fair: [ReportPoint], bid: [ReportPoint], ask: [ReportPoint], fills: [ReportMarker],
        position: [ReportPoint]
    ) {
        self.ticker = ticker
        self.detail = detail
        self.fair = fair
        self.bid = bid
        self.ask = ask
        self.fills = fills
        self.position = position
    }
}

public struct ReportFill: Sendable, Equatable {
    public var time: String
    public var ticker: String
    public var side: String
    public var price: String
    public var count: String
    public var fee: String
    public var liquidity: String
    public var position: String

    public init(
        time: String, ticker: String, side: String, price: String, count: String, fee: String, liquidity: String, position: String
    ) {
        self.time = time
        self.ticker = ticker
        self.side = side
        self.price = price
        self.count = count
        self.fee = fee
        self.liquidity = liquidity
        self.position = position
    }
}

public struct ReportFee: Sendable, Equatable {
    public var ticker: String
    public var fills: Int
    public var contracts: String
    public var fees: String

    public init(ticker: String, fills: Int, contracts: String, fees: String) {
        self.ticker = ticker
        self.fills = fills
        self.contracts = contracts
        self.fees = fees
    }
}

/// Forecast quality against outcomes (see the backtest's `calibration` object in summary.json).
public struct ReportCalibration: Sendable, Equatable {
    public struct Bucket: Sendable, Equatable {
        public var label: String
        public var count: Int
        public var meanForecast: Double?
        public var observed: Double?

        public init(label: String, count: Int, meanForecast: Double?, observed: Double?) {
            self.label = label
            self.count = count
            self.meanForecast = meanForecast
            self.observed = observed
        }
    }

    public struct PnLRow: Sendable, Equatable {
        public var label: String
        public var fills: Int
        public var pnl: String

        public init(label: String, fills: Int, pnl: String) {
            self.label = label
            self.fills = fills
            self.pnl = pnl
        }
    }

    public var valuations: Int
    public var brierModel: Double?
    public var brierMarket: Double?
    public var logLossModel: Double?
    public var logLossMarket: Double?
    public var model: [Bucket]
    public var market: [Bucket]
    public var byStrike: [PnLRow]
    public var byTimeToClose: [PnLRow]

    public init(
        valuations: Int, brierModel: Double?, brierMarket: Double?, logLossModel: Double?, logLossMarket: Double?, model: [Bucket],
        market: [Bucket], byStrike: [PnLRow], byTimeToClose: [PnLRow]
    ) {
        self.valuations = valuations
        self.brierModel = brierModel
        self.brierMarket = brierMarket
        self.logLossModel = logLossModel
        self.logLossMarket = logLossMarket
        self.model = model
        self.market = market
        self.byStrike = byStrike
        self.byTimeToClose = byTimeToClose
    }
}
