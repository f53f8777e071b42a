import Foundation
import KalshiCore
import Testing

@testable import KalshiAPI

struct RESTBoundsTests {
    /// `balance` in cents becomes micro-dollars; Int64.max cents used to trap in `Money(cents:)`.
    @Test func aBalanceWhoseMicrosDoNotFitIsADecodingError() throws {
        let hostile = #"{"balance":9223372036854775807}"#
        #expect(throws: DecodingError.self) { try KalshiJSON.decoder().decode(BalanceDTO.self, from: Data(hostile.utf8)) }
        let fine = try KalshiJSON.decoder().decode(
            BalanceDTO.self, from: Data(#"{"balance":12345,"balance_dollars":"123.45"}"#.utf8))
        #expect(fine.exactBalance == Money(cents: 12_345))
    }
}
