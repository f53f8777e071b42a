import Foundation
import KalshiAPI
import KalshiCore
import TradingEngine

/// `SessionLog`'s decision line, byte for byte, written into a buffer in one piece: a backtest
/// writes one for every valuation (five million, a gigabyte, for ten million events), and the
/// general `JSONLineWriter` spent most of the log's time on per-member appends. The common
/// line is laid out in a scratch buffer with the member names as fixed text, the date and time
/// of day reused while the second is the same, and numbers through the same rules as the
/// general path (`FixedDecimalText.scaledUnits`, `FixedPointParser`'s truncation). Anything it
/// does not lay out exactly so — a name needing escapes or longer than the scratch allows, a
/// number the general path formats with `String(format:)`, a time outside years 1970–9999 —
/// takes the general path for the whole line. `DecisionLineFormatterTests` holds the two
/// paths to the same bytes.
public struct DecisionLineFormatter {
    /// "YYYY-MM-DDTHH:MM:SS" of `cachedSecond`.
    private var secondText: [UInt8] = []
    private var cachedSecond: Int64 = -1
    /// Lines laid out here rather than by the general path (the tests check both are used).
    public private(set) var laidOutLines = 0

    /// The longest ticker and action laid out in the scratch buffer.
    static let maximumNameLength = 160
    static let scratchCapacity = 768

    public init() {}

    /// Appends the decision's line and a newline to `buffer`.
    public mutating func append(_ decision: Decision, to buffer: inout [UInt8]) {
        if appendLaidOut(decision, to: &buffer) {
            laidOutLines &+= 1
        } else {
            var writer = JSONLineWriter(continuing: &buffer)
            SessionLog.add(decision, to: &writer)
            writer.finishLine(into: &buffer)
        }
    }

    private mutating func appendLaidOut(_ decision: Decision, to buffer: inout [UInt8]) -> Bool {
        let ms = decision.timeMs
        guard (0..<253_402_300_800_000).contains(ms),
            let volatility = DecimalMember(decision.volatility, decimals: 6),
            let secondsToClose = DecimalMember(decision.secondsToClose, decimals: 3),
            let fair = DecimalMember(decision.fair, decimals: 6),
            let edge = DecimalMember(decision.edge, decimals: 6)
        else { return false }
        let second = ms / 1_000
        if second != cachedSecond {
            var text: [UInt8] = []
            RFC3339.appendMillis(ms: second * 1_000, to: &text)
            // "YYYY-MM-DDTHH:MM:SS.000Z" in this range; anything else is the general path's.
            guard text.count == 24 else { return false }
            secondText = Array(text.prefix(19))
            cachedSecond = second
        }
        var ticker = decision.ticker
        var action = decision.action
        return ticker.withUTF8 { tickerBytes in
            action.withUTF8 { actionBytes in
                guard Self.isPlain(tickerBytes), Self.isPlain(actionBytes) else { return false }
                return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.scratchCapacity) { scratch in
                    guard let base = scratch.baseAddress else { return false }
                    var out = LineCursor(base)
                    out.put("{\"time\":\"")
                    secondText.withUnsafeBufferPointer { out.put($0) }
                    out.put(".")
                    out.digits(UInt64(ms % 1_000), minimumCount: 3)
                    out.put("Z\",\"ticker\":\"")
                    out.put(tickerBytes)
                    out.put("\",\"spot\":")
                    out.fixed(decision.spot?.micros, scale: Money.decimals, decimals: 2)
                    out.put(",\"vol\":")
                    out.number(volatility, decimals: 6)
                    out.put(",\"time_to_close\":")
                    out.number(secondsToClose, decimals: 3)
                    out.put(",\"fair\":")
                    out.number(fair, decimals: 6)
                    out.put(",\"bid\":")
                    out.fixed(decision.bid?.ticks, scale: 4, decimals: 4)
                    out.put(",\"ask\":")
                    out.fixed(decision.ask?.ticks, scale: 4, decimals: 4)
                    out.put(",\"edge\":")
                    out.number(edge, decimals: 6)
                    out.put(",\"action\":\"")
                    out.put(actionBytes)
                    out.put("\"}\n")
                    buffer.append(contentsOf: UnsafeBufferPointer(start: scratch.baseAddress, count: out.written))
                    return true
                }
            }
        }
    }

    /// Text the general path copies as it is (no escapes), short enough for the scratch buffer.
    private static func isPlain(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.count <= maximumNameLength
            && !bytes.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") })
    }
}

/// A double member as the general path writes it: null, or a count of 10^-decimals.
private enum DecimalMember {
    case null
    case units(Int64, negative: Bool)

    /// nil where the general path would defer to `String(format:)`.
    init?(_ value: Double?, decimals: Int) {
        guard let value, value.isFinite else {
            self = .null
            return
        }
        guard let (units, negative) = FixedDecimalText.scaledUnits(value, decimals: decimals) else { return nil }
        self = .units(units, negative: negative)
    }
}

/// Writes forward from a pointer into scratch memory sized for the longest line.
private struct LineCursor {
    let start: UnsafeMutablePointer<UInt8>
    var position: UnsafeMutablePointer<UInt8>

    init(_ start: UnsafeMutablePointer<UInt8>) {
        self.start = start
        position = start
    }

    var written: Int { position - start }

    mutating func put(_ text: StaticString) {
        position.update(from: text.utf8Start, count: text.utf8CodeUnitCount)
        position += text.utf8CodeUnitCount
    }

    mutating func put(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress else { return }
        position.update(from: base, count: bytes.count)
        position += bytes.count
    }

    /// The decimal digits of `value`, left-padded with zeros to `minimumCount`.
    mutating func digits(_ value: UInt64, minimumCount: Int) {
        var count = 1
        var bound: UInt64 = 10
        while count < 20 && value >= bound {
            count += 1
            bound = bound &* 10
        }
        count = max(count, minimumCount)
        var rest = value
        for index in stride(from: count - 1, through: 0, by: -1) {
            position[index] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10)
            rest /= 10
        }
        position += count
    }

    /// `JSONLineWriter.add(_:fixed:scale:decimals:)`: a quoted fixed-point amount, truncated to
    /// `decimals` as `FixedPointParser.append` does, or null.
    mutating func fixed(_ value: Int64?, scale: Int, decimals: Int) {
        guard let value else {
            put("null")
            return
        }
        let reduced = value / FixedPointParser.pow10(scale - decimals)
        put("\"")
        if reduced < 0 { put("-") }
        let unit = UInt64(FixedPointParser.pow10(decimals))
        digits(reduced.magnitude / unit, minimumCount: 1)
        if decimals > 0 {
            put(".")
            digits(reduced.magnitude % unit, minimumCount: decimals)
        }
        put("\"")
    }

    /// `JSONLineWriter.add(_:_:decimals:)` for a value `FixedDecimalText` renders itself: the
    /// sign (kept on a value that rounds to zero, as printf does), at least one whole digit,
    /// exactly `decimals` after the point.
    mutating func number(_ member: DecimalMember, decimals: Int) {
        switch member {
        case .null:
            put("null")
        case .units(let units, let negative):
            if negative { put("-") }
            let unit = UInt64(FixedPointParser.pow10(decimals))
            let magnitude = units.magnitude
            digits(magnitude / unit, minimumCount: 1)
            if decimals > 0 {
                put(".")
                digits(magnitude % unit, minimumCount: decimals)
            }
        }
    }
}
