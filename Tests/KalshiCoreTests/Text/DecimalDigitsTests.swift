import KalshiCore
import Testing

/// The digits appended are `String(value)`'s, at the edges of Int64 and on a seeded sweep.
struct DecimalDigitsTests {
    @Test(arguments: [0, 1, -1, 9, 10, -10, 99, 100, 1_764_000_000_000, Int64.max, Int64.min, Int64.min + 1])
    func matchesStringForEdges(value: Int64) {
        var bytes: [UInt8] = Array("x".utf8)
        DecimalDigits.append(value, to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == "x" + String(value))
    }

    @Test func matchesStringOnASeededSweep() {
        var generator = SplitMixRandom(seed: 42)
        for _ in 0..<10_000 {
            // Every magnitude: a random value shifted right by a random amount.
            let value = Int64(bitPattern: generator.next()) >> Int64(generator.next() % 64)
            var bytes: [UInt8] = []
            DecimalDigits.append(value, to: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == String(value))
        }
    }
}
