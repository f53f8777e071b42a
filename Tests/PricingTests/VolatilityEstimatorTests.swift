import Pricing
import Testing

struct VolatilityEstimatorTests {
    /// Five hand-made 5-minute bars (O, H, L, C); each bar's high/low brackets its open/close.
    static let handBars: [(open: Double, high: Double, low: Double, close: Double)] = [
        (100.0, 102.0, 99.0, 101.0),
        (101.0, 104.0, 100.0, 103.0),
        (103.0, 103.5, 98.0, 99.0),
        (99.0, 101.0, 97.0, 100.0),
        (100.0, 102.0, 99.5, 101.5),
    ]
    static let firstBarMs = ms(hour: 12, minute: 0)

    static var handCandles: [Candle] {
        handBars.enumerated().map { index, bar in
            Candle(
                timestampMs: firstBarMs + Int64(index) * 300_000, open: bar.open, high: bar.high,
                low: bar.low, close: bar.close, volume: 5)
        }
    }

    /// Expected per-bar variances, plain Python 3 over the bars above as `bars = [(O, H, L, C), ...]`,
    /// `n = 5`, `ln = math.log`, `rets = [ln(bars[i][3]/bars[i-1][3]) for i in range(1, n)]`, `m = sum(rets)/len(rets)`:
    /// - close-to-close: `sum((x-m)**2 for x in rets)/(len(rets)-1)`
    /// - parkinson:      `sum(ln(H/L)**2 for O,H,L,C in bars)/n/(4*ln(2))`
    /// - garman-klass:   `sum(0.5*ln(H/L)**2 - (2*ln(2)-1)*ln(C/O)**2 for O,H,L,C in bars)/n`
    /// - rogers-satchell:`sum(ln(H/C)*ln(H/O) + ln(L/C)*ln(L/O) for O,H,L,C in bars)/n`
    /// - ewma:           `w = [0.94**(n-1-i) for i in range(1, n)]; sum(wi*ri*ri for wi,ri in zip(w,rets))/sum(w)`
    /// and the annualized 5-minute value as `math.sqrt(v*31557600/300)`.
    static let expected: [(estimator: VolatilityEstimator, perBarVariance: Double, annualized5m: Double)] = [
        (.closeToClose, 0.0007566531157293328, 8.921538799433648),
        (.parkinson, 0.0005525376734344691, 7.62381419919968),
        (.garmanKlass, 0.0005824850108568939, 7.827692077621499),
        (.rogersSatchell, 0.0005422440123748682, 7.552465302782736),
        (.ewma, 0.0005534035094276431, 7.629785184637417),
    ]

    @Test(arguments: expected)
    func perBarVarianceMatchesHandCodedPython(
        estimator: VolatilityEstimator, perBarVariance: Double,
        annualized5m: Double
    ) throws {
        let variance = try RealizedVolatility.perBarVariance(of: Self.handCandles, estimator: estimator)
        #expect(isRelativelyClose(variance, perBarVariance, within: 1e-12))
    }

    @Test(arguments: expected)
    func annualizedResamplesOneMinuteCandlesAndScalesByBarsPerYear(
        estimator: VolatilityEstimator, perBarVariance: Double, annualized5m: Double
    ) throws {
        let candles = oneMinuteCandles(reproducing: Self.handBars, firstBarMs: Self.firstBarMs)
        let sigma = try RealizedVolatility.annualized(
            candles: candles, estimator: estimator, window: 5,
            interval: CandleInterval(parsing: "5m"))
        #expect(isRelativelyClose(sigma, annualized5m, within: 1e-12))
    }

    @Test func fiveMinuteBarsPerYear() throws {
        #expect(try CandleInterval(parsing: "5m").barsPerYear == 105_192)
    }

    @Test func annualizedUsesOnlyTheLastWindowBars() throws {
        // A wild bar before the window must not leak into the estimate.
        let wildBar = (open: 100.0, high: 150.0, low: 60.0, close: 100.0)
        let candles = oneMinuteCandles(reproducing: [wildBar] + Self.handBars, firstBarMs: Self.firstBarMs - 300_000)
        let sigma = try RealizedVolatility.annualized(
            candles: candles, estimator: .rogersSatchell, window: 5,
            interval: CandleInterval(parsing: "5m"))
        #expect(isRelativelyClose(sigma, 7.552465302782736, within: 1e-12))
    }

    @Test func defaultEstimatorIsRogersSatchell() {
        #expect(VolatilityEstimator.default == .rogersSatchell)
        #expect(RealizedVolatility.ewmaLambda == 0.94)
    }

    @Test(arguments: [
        ("close-to-close", VolatilityEstimator.closeToClose), ("parkinson", .parkinson),
        ("garman-klass", .garmanKlass), ("rogers-satchell", .rogersSatchell), ("ewma", .ewma),
    ])
    func rawValuesAreTheCLISpellings(text: String, estimator: VolatilityEstimator) {
        #expect(VolatilityEstimator(rawValue: text) == estimator)
    }

    @Test(arguments: [(VolatilityEstimator.closeToClose, 2), (.rogersSatchell, 1), (.ewma, 1), (.parkinson, 0)])
    func windowBelowTheEstimatorMinimumIsRejected(estimator: VolatilityEstimator, window: Int) throws {
        let candles = oneMinuteCandles(reproducing: Self.handBars, firstBarMs: Self.firstBarMs)
        let error = #expect(throws: PricingError.self) {
            try RealizedVolatility.annualized(
                candles: candles, estimator: estimator, window: window,
                interval: CandleInterval(parsing: "5m"))
        }
        #expect(error == .invalidWindow(window: window, minimum: estimator.minimumBars))
    }

    @Test func fewerCompleteBarsThanTheWindowIsRejected() throws {
        let candles = oneMinuteCandles(reproducing: Self.handBars, firstBarMs: Self.firstBarMs)
        let error = #expect(throws: PricingError.self) {
            try RealizedVolatility.annualized(candles: candles, window: 24, interval: CandleInterval(parsing: "5m"))
        }
        #expect(error == .tooFewBars(needed: 24, available: 5))
        #expect(error?.description == "need at least 24 complete bars, only 5 available")
    }

    @Test(arguments: [(VolatilityEstimator.closeToClose, 2), (.ewma, 1), (.garmanKlass, 1)])
    func perBarVarianceNeedsTheEstimatorMinimum(estimator: VolatilityEstimator, barCount: Int) {
        let error = #expect(throws: PricingError.self) {
            try RealizedVolatility.perBarVariance(of: Array(Self.handCandles.prefix(barCount)), estimator: estimator)
        }
        #expect(error == .tooFewBars(needed: estimator.minimumBars, available: barCount))
    }

    @Test func inconsistentBarIsRejectedWithItsIndex() {
        var bars = Self.handCandles
        bars[3].high = 98  // below open 99 and close 100
        let error = #expect(throws: PricingError.self) {
            try RealizedVolatility.perBarVariance(of: bars, estimator: .rogersSatchell)
        }
        #expect(error == .invalidCandle(index: 3, field: "high", value: 98, reason: "must be >= max(open, close) = 100.0"))
    }

    @Test func nonPositivePriceIsRejectedBeforeTakingLogs() {
        var bars = Self.handCandles
        bars[1].low = 0
        let error = #expect(throws: PricingError.self) {
            try RealizedVolatility.perBarVariance(of: bars, estimator: .parkinson)
        }
        #expect(error == .invalidCandle(index: 1, field: "low", value: 0, reason: "must be a finite positive price"))
    }

    @Test func overflowingRangeIsAnErrorNotInfinity() {
        // high/low = 1e600 overflows to +∞ before the log.
        let bars = [
            Candle(timestampMs: 0, open: 1, high: 1e300, low: 1e-300, close: 1, volume: 0),
            Candle(timestampMs: 300_000, open: 1, high: 1, low: 1, close: 1, volume: 0),
        ]
        let error = #expect(throws: PricingError.self) {
            try RealizedVolatility.perBarVariance(of: bars, estimator: .parkinson)
        }
        #expect(error == .nonFiniteResult(name: "per-bar variance", value: .infinity))
    }

    @Test(arguments: VolatilityEstimator.allCases)
    func flatPricesGiveZeroVolatility(estimator: VolatilityEstimator) throws {
        let flat = Array(repeating: (open: 100.0, high: 100.0, low: 100.0, close: 100.0), count: 4)
        let candles = oneMinuteCandles(reproducing: flat, firstBarMs: Self.firstBarMs)
        let sigma = try RealizedVolatility.annualized(
            candles: candles, estimator: estimator, window: 4,
            interval: CandleInterval(parsing: "5m"))
        #expect(sigma == 0)
    }
}
