import Foundation
import KalshiAPI
import KalshiCore
import Testing

/// The byte-built log lines are the text the `String` versions wrote: times, numbers, escapes.
struct LogLineBytesTests {
    /// The log time as it was written before (gmtime, then the milliseconds appended).
    static func reference(_ ms: Int64) -> String {
        let base = RFC3339.format(ms: ms)
        let millis = ((ms % 1_000) + 1_000) % 1_000
        let digits = String(millis)
        return base.dropLast() + "." + String(repeating: "0", count: 3 - digits.count) + digits + "Z"
    }

    /// SplitMix64: the random cases replay from the seed in a failure's message.
    struct Seeded: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test func timesMatchTheCalendarAcrossTheRange() {
        let seed = UInt64.random(in: 0...UInt64.max)
        var generator = Seeded(state: seed)
        var times: [Int64] = [
            0, 999, 1_000, 86_399_999, 86_400_000, 951_782_400_000, 951_868_799_999,  // 2000-02-29
            4_107_542_400_000,  // 2100-03-01 (2100 is no leap year)
            1_747_188_195_042, 253_402_300_799_999, 253_402_300_800_000, -1, -86_400_001,
        ]
        for _ in 0..<50_000 { times.append(Int64.random(in: 0..<253_402_300_800_000, using: &generator)) }
        for ms in times {
            #expect(RFC3339.formatMillis(ms: ms) == Self.reference(ms), "\(ms) (seed \(seed))")
        }
        #expect(RFC3339.formatMillis(ms: 1_747_188_195_042) == "2025-05-14T02:03:15.042Z")
    }

    /// Fixed-point text as `FixedPointParser.format` wrote it before it was built as bytes.
    static func referenceFixed(_ value: Int64, scale: Int, decimals: Int) -> String {
        func pow10(_ n: Int) -> Int64 { (0..<n).reduce(1) { value, _ in value * 10 } }
        let reduced = value / pow10(scale - decimals)
        let magnitude = reduced.magnitude
        let unit = UInt64(pow10(decimals))
        var result = reduced < 0 ? "-" : ""
        result += String(magnitude / unit)
        if decimals > 0 {
            let fraction = String(magnitude % unit)
            result += "." + String(repeating: "0", count: decimals - fraction.count) + fraction
        }
        return result
    }

    @Test func fixedPointTextIsUnchanged() {
        let seed = UInt64.random(in: 0...UInt64.max)
        var generator = Seeded(state: seed)
        var values: [Int64] = [0, 1, -1, 9, -9, 10, 99, 100, 1_000_000, -1_000_000, 123_456_789, .max, .min + 1, .min]
        for _ in 0..<20_000 {
            values.append(Int64.random(in: -(1 << Int64.random(in: 1...62, using: &generator))...(1 << 40), using: &generator))
        }
        for value in values {
            for (scale, decimals) in [(6, 2), (6, 4), (6, 6), (4, 4), (2, 2), (6, 0)] {
                #expect(FixedPointParser.format(value, scale: scale, decimals: decimals) == Self.referenceFixed(value, scale: scale, decimals: decimals), "\(value) \(scale) \(decimals) (seed \(seed))")
            }
        }
        var writer = JSONLineWriter()
        writer.add("spot", fixed: 103_621_920_000, scale: 6, decimals: 2)
        writer.add("bid", fixed: nil, scale: 4, decimals: 4)
        writer.add("ask", fixed: 6_500, scale: 4, decimals: 4)
        #expect(writer.line == #"{"spot":"103621.92","bid":null,"ask":"0.6500"}"#)
    }

    @Test func writerLinesAreTheSameText() {
        func addMembers(_ writer: inout JSONLineWriter) {
            writer.add("time", utcMillis: 1_747_188_195_042)
            writer.add("ticker", "KX\"B\\\n\u{1}é")
            writer.add("none", nil as String?)
            writer.add("count", -42)
            writer.add("min", Int(Int64.min))
            writer.add("fair", 0.4992467587, decimals: 6)
            writer.add("nan", .nan, decimals: 3)
            writer.add("nested", json: #"{"a":1}"#)
        }
        var writer = JSONLineWriter()
        addMembers(&writer)
        let expected =
            #"{"time":"2025-05-14T02:03:15.042Z","ticker":"KX\"B\\\n\u0001é","none":null,"count":-42,"min":-9223372036854775808,"fair":0.499247,"nan":null,"nested":{"a":1}}"#
        #expect(writer.line == expected)
        // Built in place after a line already in the buffer: the same text and a newline.
        var bytes = Array("{\"before\":1}\n".utf8)
        var continuing = JSONLineWriter(continuing: &bytes)
        #expect(bytes.isEmpty)
        addMembers(&continuing)
        continuing.finishLine(into: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == "{\"before\":1}\n" + expected + "\n")
        var empty = JSONLineWriter()
        #expect(empty.line == "{}")
        empty.add("x", 0)
        #expect(empty.line == #"{"x":0}"#)
    }
}
