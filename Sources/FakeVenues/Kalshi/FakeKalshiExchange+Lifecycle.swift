import Foundation
import KalshiAPI
import KalshiCore

extension FakeKalshiExchange {
    /// Advances the exchange to the scenario clock: expires good-till-time orders, lists the next
    /// hour, settles markets past their close, and lets the simulated participants act.
    public func step() { step(nowMs: clock.nowMs()) }

    /// One step at a given scenario time (tests drive a paused exchange through time with it).
    public func step(nowMs now: Int64) {
        for result in core.expire(nowMs: now) { publish(result) }
        followPauseSchedule(now)
        followEarlyClose(now)
        followTermChanges(now)
        if configuration.recording == nil, configuration.rolling { listNextHourIfDue(now) }
        followTape(now)
        settleDue(now)
        if configuration.recording == nil { publishIndexValues(now) }
        if configuration.recording == nil, configuration.backgroundFlow, !tradingPaused { runFlow(now) }
    }

    /// Lists the next event (unopened until the latest one closes) a lead before the latest
    /// close: half an event, at most ten minutes. A session that rolls finds it before the close.
    private func listNextHourIfDue(_ now: Int64) {
        let length = eventLengthMs
        guard let latestClose = marketMetadata.values.map(\.closeTimeMs).max(), now >= latestClose - min(length / 2, 600_000)
        else { return }
        listHour(closeMs: latestClose + length)
        if configuration.backgroundFlow { seedInitialQuotes() }
    }

    /// Settles every market whose close has passed, from the average of the underlying's 60
    /// one-second values before the close (reference §6.4), each value rounded to the cent as an
    /// index publishes it.
    private func settleDue(_ now: Int64) {
        for ticker in marketMetadata.keys.sorted() where !settledTickers.contains(ticker) {
            let metadata = marketMetadata[ticker]!
            guard now >= metadata.closeTimeMs, let asset = assetSymbol(of: metadata) else { continue }
            let window = underlyings[asset]!.settlementWindow(closeMs: metadata.closeTimeMs)
            let average = FakeKalshiExchange.settlementAverage(window)
            let outcome: OutcomeSide = metadata.yesWins(settlementValue: average) == true ? .yes : .no
            settle(ticker: ticker, outcome: outcome, value: average, now: now)
        }
    }

    /// The exact average of index values rounded to cents, floored to the micro-dollar (cent
    /// inputs make the average a multiple of 1/60 cent, so flooring never moves it across a
    /// strike quoted in cents).
    static func settlementAverage(_ values: [Double]) -> Money {
        let cents = values.reduce(Int64(0)) { $0 + Int64(($1 * 100).rounded()) }
        return Money(micros: cents * Money.microsPerCent / Int64(max(1, values.count)))
    }

    /// Settles one market with a given outcome (tests use this to force results).
    public func settle(ticker: String, outcome: OutcomeSide, value: Money, now: Int64) {
        guard !settledTickers.contains(ticker), let settled = try? core.settle(ticker: ticker, result: outcome, nowMs: now) else { return }
        settledTickers.insert(ticker)
        publish(settled.closing)
        let valueText = value.description
        marketDTOs[ticker]?.status = "finalized"
        marketDTOs[ticker]?.result = outcome.rawValue
        marketDTOs[ticker]?.expirationValue = valueText
        for payout in settled.payouts where verifiers[payout.owner] != nil {
            var dto = SettlementDTO(ticker: ticker, marketResult: outcome.rawValue, revenue: payout.payout.micros / Money.microsPerCent)
            dto.eventTicker = marketMetadata[ticker]?.eventTicker
            dto.yesCountFp = Quantity(units: max(0, payout.position.units))
            dto.noCountFp = Quantity(units: max(0, -payout.position.units))
            dto.value = outcome == .yes ? 100 : 0
            dto.settledTime = RFC3339.format(ms: now)
            dto.feeCost = .zero
            settlementsByOwner[payout.owner, default: []].append(dto)
        }
        var determined = WSMarketLifecycle(marketTicker: ticker, eventType: "determined")
        determined.result = outcome.rawValue
        determined.settlementValue = valueText
        determined.determinationTs = now / 1_000
        broadcastLifecycle(determined)
        var finished = WSMarketLifecycle(marketTicker: ticker, eventType: "settled")
        finished.settledTs = now / 1_000
        broadcastLifecycle(finished)
        logger.info("settled \(ticker): \(outcome.rawValue) at \(valueText)")
    }

    func assetSymbol(of metadata: MarketMetadata) -> String? {
        if let recorded = recordedAssets[metadata.ticker] { return recorded }
        return configuration.assets.first { $0.thresholdSeries == metadata.seriesTicker || $0.rangeSeries == metadata.seriesTicker }?.symbol
    }
}
