import KalshiAPI
import KalshiCore
import TradingEngine

/// Label values with a bounded set: a label that took free text (an exchange's message, an
/// amount) would make a new time series for every value and swamp the scraper.
enum MetricLabels {
    static func channel(of message: KalshiWSMessage) -> String {
        switch message {
        case .subscribed: return "subscribed"
        case .ok: return "ok"
        case .unsubscribed: return "unsubscribed"
        case .error: return "error"
        case .orderbookSnapshot: return "orderbook_snapshot"
        case .orderbookDelta: return "orderbook_delta"
        case .fill: return "fill"
        case .userOrder: return "user_order"
        case .marketPosition: return "market_position"
        case .ticker: return "ticker"
        case .trade: return "trade"
        case .marketLifecycle: return "market_lifecycle_v2"
        case .orderGroup: return "order_group_updates"
        case .eventFeeUpdate: return "event_fee_update"
        case .other: return "other"
        }
    }

    static let frameTypes: Set<String> = [
        "subscribed", "ok", "unsubscribed", "error", "orderbook_snapshot", "orderbook_delta", "fill", "user_order",
        "market_position", "ticker", "ticker_v2", "trade", "market_lifecycle_v2", "order_group_updates", "event_fee_update",
    ]

    /// The `type` of a frame that did not decode, when it names a known one.
    static func channel(ofFrame frame: String) -> String {
        guard let range = frame.utf8.firstRange(of: Array(#""type":""#.utf8)) else { return "unknown" }
        let rest = frame.utf8[range.upperBound...].prefix(40)
        guard let end = rest.firstIndex(of: UInt8(ascii: "\"")) else { return "unknown" }
        let name = String(decoding: rest[..<end], as: UTF8.self)
        return frameTypes.contains(name) ? name : "unknown"
    }

    static func riskRule(_ reason: String?) -> String {
        guard let reason else { return "unknown" }
        if let exact = RiskReason(rawValue: reason) { return exact.rawValue }
        // An amend's refusal reads `reject(max_inventory)`; the longest name that matches wins.
        let match = RiskReason.allCases.filter { reason.contains($0.rawValue) }.max { $0.rawValue.count < $1.rawValue.count }
        return match?.rawValue ?? "other"
    }

    /// An exchange refusal's code (`insufficient_balance`, `market_closed`…), or `other`.
    static func rejection(_ reason: String?) -> String {
        guard let reason else { return "unknown" }
        return word(reason)
    }

    static let stateKinds: Set<String> = [
        "anomaly", "book_fault", "book_untrusted", "book_trusted", "cancel_all", "close_moved", "fees_changed", "fees_changing",
        "grid_changed", "grid_unknown", "halt", "kill_switch", "maintenance_ended", "maintenance_started", "order_group",
        "order_group_triggered", "reconciliation", "rejected_by_risk", "resume", "roll", "settlement", "settlement_overdue",
        "shard_balances", "terminal_exit", "transfer",
    ]

    static func stateKind(_ kind: String) -> String { stateKinds.contains(kind) ? kind : "other" }

    /// A leading snake_case word of at most 48 characters, else `other`.
    static func word(_ text: String) -> String {
        let head = text.utf8.prefix { ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) || $0 == UInt8(ascii: "_") }
        guard !head.isEmpty, head.count <= 48 else { return "other" }
        return String(decoding: head, as: UTF8.self)
    }

    static func dollars(_ money: Money) -> Double { Double(money.micros) / Double(Money.microsPerDollar) }
}
