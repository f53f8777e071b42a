import KalshiAPI

/// What `GET /exchange/status` means for a session: trading is on when the exchange, and every
/// shard the session's markets are on, say so; otherwise, in words, what is off and when the
/// exchange expects to be back.
enum ExchangeTradingState {
    static func input(_ status: ExchangeStatusDTO, shards: Set<Int>) -> LiveInput {
        var stopped: [String] = []
        if !status.exchangeActive { stopped.append("exchange_active false") }
        if !status.tradingActive { stopped.append("trading_active false") }
        for shard in (status.exchangeIndexStatuses ?? []) where shards.contains(shard.exchangeIndex) {
            if shard.exchangeActive == false || shard.tradingActive == false { stopped.append("shard \(shard.exchangeIndex) not trading") }
        }
        let resume = status.exchangeEstimatedResumeTime.map { "; expected back \($0)" } ?? ""
        return stopped.isEmpty
            ? .exchangeStatus(tradingActive: true, detail: "trading_active true")
            : .exchangeStatus(tradingActive: false, detail: stopped.joined(separator: ", ") + resume)
    }
}
