import KalshiAPI
import KalshiCore

/// Terms that change while markets trade, as the real exchange announces them on
/// `market_lifecycle_v2`: an event's fee override (`event_fee_update`, and in
/// `GET /events/{ticker}`), a market's price grid (`price_level_structure_updated`, and in the
/// market object), and the schedule's maintenance windows (`GET /exchange/schedule`).
extension FakeKalshiExchange {
    /// Sets (or, with both nil, removes) an event's fee override. New fills pay the result.
    public func changeEventFees(eventTicker: String, type: FeeType?, multiplier: Double?) {
        let update = WSEventFeeUpdate(eventTicker: eventTicker, feeTypeOverride: type?.rawValue, feeMultiplierOverride: multiplier)
        eventFeeOverrides[eventTicker] = type == nil && multiplier == nil ? nil : update
        for ticker in marketMetadata.keys.sorted() where marketMetadata[ticker]!.eventTicker == eventTicker {
            guard let fees = resolvedFees(ticker) else { continue }
            marketMetadata[ticker]!.fees = fees
            core.changeFees(ticker: ticker, to: fees)
        }
        for id in connections.keys.sorted() {
            if let sid = connections[id]?.wants("market_lifecycle_v2", ticker: nil) {
                send(id, WireFrames.message(type: "event_fee_update", sid: sid, update))
            }
        }
        logger.info("\(eventTicker): fee override \(type?.rawValue ?? "none") × \(multiplier.map { "\($0)" } ?? "none")")
    }

    /// A market's fees: its series' schedule under its event's override.
    func resolvedFees(_ ticker: String) -> FeeSchedule? {
        guard let metadata = marketMetadata[ticker], let seriesTicker = metadata.seriesTicker, let series = series[seriesTicker],
            let event = eventDTO(metadata.eventTicker, nested: false)
        else { return nil }
        return try? series.feeSchedule(eventOverride: event)
    }

    /// Moves a market to another named price grid. Refused (false) when the name is unknown or
    /// a resting order's price is not on the new grid.
    @discardableResult
    public func changeGrid(ticker: String, structure: String) -> Bool {
        guard let grid = try? PriceGrid(structure: structure), marketMetadata[ticker] != nil,
            core.changeGrid(ticker: ticker, to: grid)
        else { return false }
        let ranges = grid.bands.map {
            PriceRangeDTO(start: $0.start.description, end: $0.end.description, step: Price(uncheckedTicks: $0.step).description)
        }
        marketMetadata[ticker]!.priceGrid = grid
        marketDTOs[ticker]?.priceLevelStructure = structure
        marketDTOs[ticker]?.priceRanges = ranges
        var message = WSMarketLifecycle(marketTicker: ticker, eventType: "price_level_structure_updated")
        message.priceLevelStructure = structure
        message.priceRanges = ranges
        broadcastLifecycle(message)
        logger.info("\(ticker): price grid now \(structure)")
        return true
    }

    /// `GET /exchange/schedule`: the `maintenance=FROM-TO` window, listed from the start.
    func schedule() -> ExchangeScheduleDTO {
        guard let window = faults.maintenanceWindowSeconds else { return ExchangeScheduleDTO(maintenanceWindows: []) }
        return ExchangeScheduleDTO(maintenanceWindows: [
            .init(
                startDatetime: RFC3339.format(ms: clock.startMs + window.lowerBound * 1_000),
                endDatetime: RFC3339.format(ms: clock.startMs + window.upperBound * 1_000))
        ])
    }

    /// The `fee-change=N` and `regrid=N` faults, applied to what was open at the start.
    func followTermChanges(_ now: Int64) {
        let openAtStart = marketMetadata.values.filter { $0.openTimeMs <= clock.startMs && clock.startMs < $0.closeTimeMs }
        if let seconds = faults.feeChangeSeconds, !feeChangeApplied, now >= clock.startMs + seconds * 1_000 {
            feeChangeApplied = true
            for event in Set(openAtStart.map(\.eventTicker)).sorted() {
                changeEventFees(eventTicker: event, type: .quadratic, multiplier: 2)
            }
        }
        if let seconds = faults.regridSeconds, !regridApplied, now >= clock.startMs + seconds * 1_000 {
            regridApplied = true
            for ticker in openAtStart.map(\.ticker).sorted() where !settledTickers.contains(ticker) {
                changeGrid(ticker: ticker, structure: "deci_cent")
            }
        }
    }
}
