/// Deterministic, UUID-shaped ids for orders and trades, so that a replay produces the same ids
/// and a server can hand them out as Kalshi does.
///
/// Layout: `NNNNNNNN-KKKK-4000-8000-CCCCCCCCCCCC` with the namespace `N` (one per engine, so
/// engines of different markets never collide), the kind `K` (0 = order, 1 = trade) and a
/// counter `C`, all hexadecimal.
public struct ExchangeIdGenerator: Hashable, Sendable {
    public let namespace: UInt32
    public private(set) var ordersIssued: UInt64 = 0
    public private(set) var tradesIssued: UInt64 = 0

    public init(namespace: UInt32) {
        self.namespace = namespace
    }

    public mutating func nextOrderId() -> String {
        ordersIssued += 1
        return format(kind: 0, counter: ordersIssued)
    }

    public mutating func nextTradeId() -> String {
        tradesIssued += 1
        return format(kind: 1, counter: tradesIssued)
    }

    private func format(kind: UInt64, counter: UInt64) -> String {
        let namespaceHex = Self.hex(UInt64(namespace), digits: 8)
        return "\(namespaceHex)-\(Self.hex(kind, digits: 4))-4000-8000-\(Self.hex(counter, digits: 12))"
    }

    static func hex(_ value: UInt64, digits: Int) -> String {
        let text = String(value, radix: 16)
        return text.count >= digits ? text : String(repeating: "0", count: digits - text.count) + text
    }
}
