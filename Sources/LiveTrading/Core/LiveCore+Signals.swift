import SignalFeeds
import TradingSession
import TradingEngine

/// Price signals: the reference spot (`signals.venue`: the composite median of Crypto.com and
/// Coinbase by default; its candles give the volatility) and, when `signals.settlement_index` is on, Kalshi's CF Benchmarks index, which
/// the model prices on while it ticks (`SettlementBasis`).
extension LiveCore {
    mutating func onSignal(_ event: SignalEvent, _ now: Int64) {
        guard SignalTranslation.isFrom(event, venue: .cfBenchmarks) || SignalTranslation.isFrom(event, venue: spotVenue) else {
            return
        }
        var forwarded = event
        switch event {
        case .connected(let venue) where venue != .cfBenchmarks: signalsConnected = true
        case .disconnected(let venue, _) where venue != .cfBenchmarks: signalsConnected = false
        case .venueError(.cfBenchmarks, let code, let message):
            if !indexRefusalSaid {
                indexRefusalSaid = true
                say("cfbenchmarks_value: \(message) (code \(code)); pricing on the reference venue's index")
            }
        case .tick(let tick):
            guard settlementBasis.admit(tick, nowMs: now) else { return }
        case .stale(.cfBenchmarks, _, _):
            // The reference takes over at once when its last value is recent; else the spot is stale.
            settlementBasis.index = nil
            if let reference = settlementBasis.reference, let received = settlementBasis.referenceReceivedMs,
                now - received <= SettlementBasis.freshMs
            {
                forwarded = .tick(reference)
            }
        case .stale:
            // The reference went quiet while the settlement index ticks: the price is still good.
            if settlementBasis.indexTicking(nowMs: now) { return }
        default:
            break
        }
        var commands: [VenueCommand] = []
        for engineEvent in SignalTranslation.translate(forwarded, asset: configuration.markets.asset, last: &lastSpot) {
            commands += process(engineEvent, now)
        }
        commit([], commands, now)
    }

    /// The venue the model prices on while the settlement index is silent.
    var spotVenue: SignalVenue { configuration.signals.venue.signalVenue }

    /// `index cfbenchmarks, basis +0.42` or `index cryptocom (cfbenchmarks silent)`.
    func indexStatus(_ now: Int64) -> String? {
        guard configuration.signals.settlementIndex else { return nil }
        guard settlementBasis.indexTicking(nowMs: now) else {
            return "index \(settlementBasis.reference?.venue.rawValue ?? "-") (cfbenchmarks silent)"
        }
        let basis = settlementBasis.basis(nowMs: now).map { ", basis \($0 >= .zero ? "+" : "")\($0.formatted(decimals: 2))" } ?? ""
        return "index cfbenchmarks\(basis)"
    }
}
