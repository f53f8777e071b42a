import Foundation
import KalshiCore
import Recording
import Strategies
import Testing
import TraderRuntime
import TradingEngine

/// Without decision records the strategy decides from bounds on Φ and computes the fair value
/// only near a threshold (`BinaryEdgeStrategy.evaluate`). That must never change what it does:
/// the same recording gives the same orders, fills and money with records and without.
struct DecisionBoundsTests {
    @Test(arguments: [BinaryEdgeConfiguration.PricingModel.settlementAverage, .blackScholes])
    func tradingIsTheSameWithAndWithoutDecisionRecords(model: BinaryEdgeConfiguration.PricingModel) throws {
        let path = try synthetic(events: 120_000, seed: 13)
        var configuration = tradingConfiguration()
        configuration.strategy.model = model
        // A small minimum puts many valuations near a threshold, where the exact value decides.
        configuration.risk.minimumEdge = Money(micros: 5_000)
        var recorded = BacktestOptions()
        recorded.collectRecords = true
        var unrecorded = BacktestOptions()
        unrecorded.collectRecords = false
        let with = try BacktestSession.run(recordingPath: path, configuration: configuration, options: recorded)
        let without = try BacktestSession.run(recordingPath: path, configuration: configuration, options: unrecorded)
        #expect(with.summary.trades > 50)
        #expect(with.summary.trades == without.summary.trades)
        #expect(with.summary.ordersSent == without.summary.ordersSent)
        #expect(with.summary.finalBalance == without.summary.finalBalance)
        #expect(with.summary.fees == without.summary.fees)
        #expect(with.summary.positions == without.summary.positions)
        #expect(with.summary.contracts == without.summary.contracts)
    }
}
