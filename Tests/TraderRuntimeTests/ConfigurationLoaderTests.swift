import Foundation
import KalshiCore
import Testing

@testable import TraderRuntime

struct ConfigurationLoaderTests {
    static let shippedConfig = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("config/demo.json")

    @Test func theShippedConfigLoadsAndStatesTheDefaults() throws {
        let loaded = try ConfigurationLoader.load(path: ConfigurationLoaderTests.shippedConfig.path)
        #expect(loaded == TradingConfiguration())
    }

    @Test func anEmptyObjectMeansAllDefaults() throws {
        #expect(try ConfigurationLoader.parse(Data("{}".utf8)) == TradingConfiguration())
    }

    @Test func valuesAreReadExactly() throws {
        let text = #"{"asset":"BTC","starting_balance":"250.50","risk":{"max_inventory":"12.5","minimum_edge":"0.015","max_open_orders":3},"strategy":{"strikes":"all","order_style":"make","model":"black_scholes"},"execution":{"queue_model":"probabilistic","entry_latency_ms":0}}"#
        let configuration = try ConfigurationLoader.parse(Data(text.utf8))
        #expect(configuration.asset == "BTC")
        #expect(configuration.startingBalance == Money(micros: 250_500_000))
        #expect(configuration.risk.maxInventory == Quantity(units: 1_250))
        #expect(configuration.risk.minimumEdge == Money(micros: 15_000))
        #expect(configuration.strategyConfiguration.minimumEdge == Money(micros: 15_000))
        #expect(configuration.risk.maxOpenOrders == 3)
        #expect(configuration.strategy.strikes == .all)
        #expect(configuration.strategy.orderStyle == .make)
        #expect(configuration.strategy.model == .blackScholes)
        #expect(TradingConfiguration().strategy.model == .settlementAverage)
        #expect(configuration.execution.queueModel == .probabilistic)
        #expect(configuration.execution.entryLatencyMs == 0)
    }

    @Test(arguments: [
        (#"{"risk":{"max_inventoyr":"5"}}"#, "risk.max_inventoyr", "unknown field"),
        (#"{"colour":"red"}"#, "colour", "unknown field"),
        (#"{"asset":"DOGE"}"#, "asset", "DOGE"),
        (#"{"starting_balance":"-5"}"#, "starting_balance", "-5"),
        (#"{"starting_balance":1000.5}"#, "starting_balance", "decimal string"),
        (#"{"risk":{"max_inventory":"0"}}"#, "risk.max_inventory", "positive"),
        (#"{"risk":{"max_inventory":"1.234"}}"#, "risk.max_inventory", "decimal places"),
        (#"{"risk":{"terminal_exit_time":"60"}}"#, "risk.terminal_exit_time", "number"),
        (#"{"risk":{"minimum_edge":"1.5"}}"#, "risk.minimum_edge", "below 1.00"),
        (#"{"risk":{"max_open_orders":2.5}}"#, "risk.max_open_orders", "whole number"),
        (#"{"risk":{"max_orders_per_second":0}}"#, "risk.max_orders_per_second", "outside"),
        (#"{"risk":[]}"#, "risk", "object"),
        (#"{"strategy":{"strikes":"some"}}"#, "strategy.strikes", "some"),
        (#"{"strategy":{"order_style":"passive"}}"#, "strategy.order_style", "passive"),
        (#"{"strategy":{"model":"student_t"}}"#, "strategy.model", "student_t"),
        (#"{"volatility":{"estimator":"garch"}}"#, "volatility.estimator", "garch"),
        (#"{"volatility":{"interval":"7x"}}"#, "volatility.interval", "7x"),
        (#"{"execution":{"queue_model":"fifo"}}"#, "execution.queue_model", "fifo"),
        (#"{"signals":{"venue":"binance"}}"#, "signals.venue", "binance"),
        (#"{"speed":0}"#, "speed", "outside"),
        ("[1]", "", "one JSON object"),
        ("{", "", "not valid JSON"),
    ])
    func badConfigsNameTheFieldAndTheProblem(text: String, field: String, problem: String) {
        let error = #expect(throws: ConfigurationError.self) { try ConfigurationLoader.parse(Data(text.utf8)) }
        #expect(error?.field == field)
        #expect(error?.description.contains(problem) == true, "\(String(describing: error))")
    }

    @Test func aMissingFileIsAnError() {
        #expect(throws: ConfigurationError.self) { try ConfigurationLoader.load(path: "/nonexistent/demo.json") }
    }
}
