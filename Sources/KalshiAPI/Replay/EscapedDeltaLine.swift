import Foundation
import KalshiCore

/// The hot line of a Kalshi capture recognised in place: a `{"recv_ts_ns": N, "raw": "…"}`
/// wrapper whose `raw` is an `orderbook_delta` frame with Kalshi's own member order and no
/// whitespace, as the exchange sends it. The line's fixed text is compared byte for byte and the
/// values are read where they lie, still escaped inside `raw` (a value needs no unescaping when it
/// holds no backslash), so the frame is neither unescaped into a buffer nor tokenized.
///
/// Anything else — other members or another order, whitespace inside `raw`, a backslash or a
/// non-ASCII byte inside a value, a number JSON would spell differently, a value the book rules
/// refuse — returns nil, and the line takes `RecordedLineDecoder`'s general path, whose answer
/// (frame or error) this equals whenever it answers (differential tests and `fuzz-recorded-line`).
enum EscapedDeltaLine {
    static func match(_ line: UnsafeRawBufferPointer) -> (receivedAtNs: Int64, FastBookFrame)? {
        guard let base = line.baseAddress else { return nil }
        var cursor = Cursor(base: base, count: line.count)
        guard cursor.literal(#"{"recv_ts_ns""#) else { return nil }
        cursor.skipSpaces()
        guard cursor.literal(":") else { return nil }
        cursor.skipSpaces()
        guard let receivedAtNs = cursor.integer(maximumDigits: 19) else { return nil }
        cursor.skipSpaces()
        guard cursor.literal(",") else { return nil }
        cursor.skipSpaces()
        guard cursor.literal(#""raw""#) else { return nil }
        cursor.skipSpaces()
        guard cursor.literal(":") else { return nil }
        cursor.skipSpaces()
        guard cursor.literal(#""{\"type\":\"orderbook_delta\",\"sid\":"#),
            let sid = cursor.integer(maximumDigits: 18), cursor.literal(#",\"seq\":"#),
            let seq = cursor.integer(maximumDigits: 18), cursor.literal(#",\"msg\":{\"market_ticker\":\""#),
            let ticker = cursor.plainString(), ticker.count > 0, cursor.literal(#",\"market_id\":\""#),
            cursor.plainString() != nil, cursor.literal(#",\"price_dollars\":\""#),
            let priceText = cursor.plainString(), cursor.literal(#",\"delta_fp\":\""#),
            let deltaText = cursor.plainString(), cursor.literal(#",\"side\":\""#),
            let sideText = cursor.plainString(), cursor.literal(#",\"ts\":\""#),
            cursor.plainString() != nil, cursor.literal("}}")
        else { return nil }
        // Whitespace after the frame inside `raw`: captures keep the frame's trailing newline.
        while cursor.literal(#"\n"#) || cursor.literal(#"\r"#) || cursor.literal(#"\t"#) || cursor.literal(" ") {}
        guard cursor.literal(#"""#) else { return nil }
        cursor.skipSpaces()
        guard cursor.literal("}") else { return nil }
        cursor.skipWhitespace()
        guard cursor.isAtEnd else { return nil }

        let side: OutcomeSide
        if Cursor.equals(sideText, "yes") {
            side = .yes
        } else if Cursor.equals(sideText, "no") {
            side = .no
        } else {
            return nil
        }
        guard let price = try? Price(utf8: priceText), let delta = try? Quantity(utf8: deltaText, allowNegative: true) else {
            return nil
        }
        let update = OrderbookDeltaUpdate(
            marketTicker: String(decoding: ticker, as: UTF8.self), delta: BookDelta(side: side, price: price, delta: delta))
        return (receivedAtNs, .delta(sid: Int(sid), seq: seq, update))
    }

    /// A read position over a line's bytes; every read checks the end.
    struct Cursor {
        let base: UnsafeRawPointer
        let count: Int
        var index = 0

        init(base: UnsafeRawPointer, count: Int) {
            self.base = base
            self.count = count
        }

        var isAtEnd: Bool { index >= count }

        @inline(__always)
        func byte(_ offset: Int) -> UInt8 { base.load(fromByteOffset: offset, as: UInt8.self) }

        /// Consumes `text` when the line continues with it.
        @inline(__always)
        mutating func literal(_ text: StaticString) -> Bool {
            let length = text.utf8CodeUnitCount
            guard count &- index >= length, memcmp(base + index, text.utf8Start, length) == 0 else { return false }
            index &+= length
            return true
        }

        mutating func skipSpaces() {
            while index < count, byte(index) == ASCII.space { index &+= 1 }
        }

        mutating func skipWhitespace() {
            while index < count {
                let next = byte(index)
                guard next == ASCII.space || next == ASCII.tab || next == ASCII.lineFeed || next == ASCII.carriageReturn
                else { return }
                index &+= 1
            }
        }

        /// A JSON integer of plain digits (no sign, no leading zero, at most `maximumDigits`) that
        /// fits an Int64; nil for anything else.
        mutating func integer(maximumDigits: Int) -> Int64? {
            let start = index
            var value: Int64 = 0
            while index < count, index &- start < maximumDigits {
                let digit = byte(index) &- ASCII.zero
                guard digit < 10 else { break }
                let (times, overflow) = value.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times.addingReportingOverflow(Int64(digit))
                guard !overflow, !overflow2 else { return nil }
                value = sum
                index &+= 1
            }
            let length = index &- start
            guard length > 0, length == 1 || byte(start) != ASCII.zero else { return nil }
            // A further digit, a fraction or an exponent makes it another number.
            if index < count {
                let next = byte(index)
                if next &- ASCII.zero < 10 || next == ASCII.dot || next == ASCII.lowerE || next == ASCII.upperE { return nil }
            }
            return value
        }

        /// The bytes of a string value inside the escaped frame, up to its escaped closing quote
        /// (`\"`), which is consumed: printable ASCII without backslashes or quotes only, so the
        /// bytes are the value itself; nil for anything else.
        mutating func plainString() -> UnsafeRawBufferPointer? {
            let start = index
            // Eight bytes at a time up to the first one that needs a look (the closing `\"`).
            while index &+ 8 <= count {
                let flags = JSONByteReader.bytesNeedingALook(
                    UInt64(littleEndian: base.loadUnaligned(fromByteOffset: index, as: UInt64.self)))
                if flags == 0 {
                    index &+= 8
                    continue
                }
                index &+= flags.trailingZeroBitCount &>> 3
                break
            }
            while index < count {
                let next = byte(index)
                if next == ASCII.backslash {
                    guard index &+ 1 < count, byte(index &+ 1) == ASCII.quote else { return nil }
                    let value = UnsafeRawBufferPointer(start: base + start, count: index &- start)
                    index &+= 2
                    return value
                }
                guard next >= 0x20, next < 0x80, next != ASCII.quote else { return nil }
                index &+= 1
            }
            return nil
        }

        static func equals(_ bytes: UnsafeRawBufferPointer, _ text: StaticString) -> Bool {
            guard bytes.count == text.utf8CodeUnitCount else { return false }
            guard let start = bytes.baseAddress else { return bytes.isEmpty }
            return memcmp(start, text.utf8Start, bytes.count) == 0
        }
    }
}
