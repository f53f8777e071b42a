import Foundation
import KalshiCore
import Testing

@testable import Recording

/// Inputs found by fuzzing the converters (`Fuzz/`, target `fuzz-convert`), minimized. Each used to
/// be converted into a recording that the reader then refused as corrupt; now the conversion
/// stops with an error naming the input and the field.
struct ConverterFuzzRegressionTests {
    /// Converts `streams` and returns the error the conversion throws.
    func conversionError(_ streams: [any RecordStream]) throws -> ConversionError? {
        let path = try Scratch.directory().appendingPathComponent("out.krec").path
        let writer = try RecordingWriter(path: path, header: try RecordingMerger.header(for: streams, source: "test"))
        do {
            let summary = try RecordingMerger.merge(streams, into: writer)
            Issue.record("converted \(summary.records) records")
            return nil
        } catch {
            return error
        }
    }

    @Test func bookCSVRowBefore1970IsRefused() throws {
        let path = try Scratch.file("before-1970.csv", contents: "timestamp,product,price\n1013-01-01 16:00:00,BRTI,95000.10\n")
        let error = try conversionError([try KalshiBookCSVConverter(path: path, asset: "BTC")])
        guard case .invalidInput(let input, let reason) = error else {
            Issue.record("expected invalidInput, got \(String(describing: error))")
            return
        }
        #expect(input.hasSuffix("before-1970.csv"))
        #expect(reason.contains("record time -30"), "\(reason)")
        #expect(reason.contains("is outside 0...253402300799999"), "\(reason)")
    }
}
