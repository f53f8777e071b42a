import Foundation
import KalshiAPI
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

    @Test func timesMatchTheCalendarAcrossTheRange() {
        var generator = SystemRandomNumberGenerator()
        var times: [Int64] = [
            0, 999, 1_000, 86_399_999, 86_400_000, 951_782_400_000, 951_868_799_999,  // 2000-02-29
            4_107_542_400_000,  // 2100-03-01 (2100 is no leap year)
            1_747_188_195_042, 253_402_300_799_999, 253_402_300_800_000, -1, -86_400_001,
        ]
        for _ in 0..<50_000 { times.append(Int64.random(in: 0..<253_402_300_800_000, using: &generator)) }
        for ms in times {
            #expect(RFC3339.formatMillis(ms: ms) == Self.reference(ms), "\(ms)")
        }
        #expect(RFC3339.formatMillis(ms: 1_747_188_195_042) == "2025-05-14T02:03:15.042Z")
    }

    @Test func writerLinesAreTheSameText() {
        var writer = JSONLineWriter()
        writer.add("time", utcMillis: 1_747_188_195_042)
        writer.add("ticker", "KX\"B\\\n\u{1}é")
        writer.add("none", nil as String?)
        writer.add("count", -42)
        writer.add("min", Int(Int64.min))
        writer.add("fair", 0.4992467587, decimals: 6)
        writer.add("nan", .nan, decimals: 3)
        writer.add("nested", json: #"{"a":1}"#)
        let expected =
            #"{"time":"2025-05-14T02:03:15.042Z","ticker":"KX\"B\\\n\u0001é","none":null,"count":-42,"min":-9223372036854775808,"fair":0.499247,"nan":null,"nested":{"a":1}}"#
        #expect(writer.line == expected)
        var bytes: [UInt8] = []
        writer.appendLine(to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == expected + "\n")
        var empty = JSONLineWriter()
        #expect(empty.line == "{}")
        empty.add("x", 0)
        #expect(empty.line == #"{"x":0}"#)
    }
}
