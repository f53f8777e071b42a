import Foundation
import KalshiAPI
import KalshiCore
import Testing

/// The order's body built directly (what `createOrder` sends) says what JSONEncoder's would, for
/// every combination of the optional fields and for strings that need escaping.
struct CreateOrderBodyTests {
    static let strings = [
        "KXETHD-26DEC0417-T3049.99", "kt5fd5f9bd-17", "", "a\"b", #"back\slash"#, "slash/ok", "line\nbreak\ttab\r",
        "\u{01}\u{1F}\u{08}\u{0C}", "ünïcødé €", "\u{2028}\u{2029}", "emoji 🦄",
    ]

    @Test func theBodySaysWhatJSONEncodersWould() throws {
        var state: UInt64 = 0x5EED
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        func maybe<T>(_ value: T) -> T? { next(2) == 0 ? nil : value }
        for _ in 0..<2_000 {
            var request = CreateOrderRequest(
                ticker: Self.strings[next(Self.strings.count)], clientOrderId: maybe(Self.strings[next(Self.strings.count)]),
                side: next(2) == 0 ? .bid : .ask, count: Quantity(units: Int64(next(1_000_000))),
                price: try Price(ticks: Int64(1 + next(9_999))),
                timeInForce: TimeInForce.allCases[next(TimeInForce.allCases.count)],
                selfTradePreventionType: SelfTradePrevention.allCases[next(SelfTradePrevention.allCases.count)],
                postOnly: maybe(next(2) == 0), reduceOnly: maybe(next(2) == 0),
                expirationTime: maybe(Int64(next(2_000_000_000))))
            request.cancelOrderOnPause = maybe(next(2) == 0)
            request.orderGroupId = maybe(Self.strings[next(Self.strings.count)])
            request.subaccount = maybe(next(40))
            request.exchangeIndex = maybe(next(8) - 1)
            let expected = try KalshiJSON.encoder().encode(request)
            let body = Data(request.jsonBody.utf8)
            // The same JSON object (keys and values), and it reads back as the same request.
            let ours = try JSONSerialization.jsonObject(with: body) as? NSDictionary
            let theirs = try JSONSerialization.jsonObject(with: expected) as? NSDictionary
            #expect(ours != nil && ours == theirs, "\(request.jsonBody)")
            #expect(try KalshiJSON.decoder().decode(CreateOrderRequest.self, from: body) == request)
        }
    }
}
