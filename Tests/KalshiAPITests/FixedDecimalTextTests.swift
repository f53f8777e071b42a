import Foundation
import KalshiAPI
import Testing

/// The log writer's number formatting must be `String(format: "%.Nf")` byte for byte.
struct FixedDecimalTextTests {
    @Test func matchesPrintfOnRandomValuesTiesAndEdges() {
        var generator = SystemRandomNumberGenerator()
        var values: [Double] = [
            0, -0.0, 0.5, -0.5, 1.5, 2.5, 0.125, 0.375, -0.125, 1e-7, -1e-7, 0.0000005, 0.9999995, 999_999.9999995, 3_600,
            1e9, -1e9, 1e15, 123_456_789.123, 0.1, 0.2, 0.3, 1.005, 2.675, .leastNonzeroMagnitude, .greatestFiniteMagnitude,
        ]
        for _ in 0..<20_000 {
            let magnitude = pow(10, Double.random(in: -8...10, using: &generator))
            values.append(Double.random(in: -magnitude...magnitude, using: &generator))
        }
        // Exact decimal ties at every precision (k + 0.5) × 10^-d.
        for decimals in 0...9 {
            for k in 0..<200 { values.append((Double(k) + 0.5) / pow(10, Double(decimals))) }
        }
        for value in values {
            for decimals in 0...9 {
                let expected = String(format: "%.\(decimals)f", value)
                let actual = FixedDecimalText.format(value, decimals: decimals)
                #expect(actual == expected, "\(value) with \(decimals) decimals")
                if actual != expected { return }
            }
        }
    }

    @Test func quotingEscapesOnlyWhatJSONNeeds() {
        #expect(JSONLineWriter.quote("plain ascii") == "\"plain ascii\"")
        #expect(JSONLineWriter.quote("ünïcode €") == "\"ünïcode €\"")
        #expect(JSONLineWriter.quote("a\"b\\c\nd\u{1}") == "\"a\\\"b\\\\c\\nd\\u0001\"")
    }
}
