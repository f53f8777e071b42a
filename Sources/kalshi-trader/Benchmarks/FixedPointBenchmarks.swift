import KalshiCore

enum FixedPointBenchmarks {
    /// Parses Kalshi fixed-point fields straight from a frame-like byte buffer: prices at four
    /// decimals ("0.5600"), sizes and signed deltas at two ("5130.00", "-51.88").
    static func parse() -> Benchmark {
        var random = SplitMix64(seed: 42)
        var buffer: [UInt8] = []
        var fields: [(start: Int, end: Int, isPrice: Bool)] = []
        for index in 0..<4_096 {
            let isPrice = index % 2 == 0
            let text: String
            if isPrice {
                let ticks = random.next(upTo: 10_001)
                text = FixedPointParser.format(Int64(ticks), scale: 4, decimals: 4)
            } else {
                let units = Int64(random.next(upTo: 1_000_000)) * (random.next(upTo: 2) == 0 ? 1 : -1)
                text = FixedPointParser.format(units, scale: 2, decimals: 2)
            }
            let start = buffer.count
            buffer.append(contentsOf: text.utf8)
            fields.append((start, buffer.count, isPrice))
            buffer.append(UInt8(ascii: ","))
        }
        let passes = 250
        return Benchmark(name: "fixedpoint.parse", operations: fields.count * passes) {
            var checksum: Int64 = 0
            buffer.withUnsafeBufferPointer { bytes in
                for _ in 0..<passes {
                    for field in fields {
                        let slice = UnsafeBufferPointer(rebasing: bytes[field.start..<field.end])
                        do {
                            if field.isPrice {
                                checksum &+= try Price(utf8: slice).ticks
                            } else {
                                checksum &+= try Quantity(utf8: slice, allowNegative: true).units
                            }
                        } catch {
                            preconditionFailure("benchmark input must parse: \(error)")
                        }
                    }
                }
            }
            return checksum
        }
    }
}
