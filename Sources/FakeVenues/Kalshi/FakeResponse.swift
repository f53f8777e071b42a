import Foundation
import KalshiAPI
import KalshiCore

/// An HTTP answer of the fake exchange: status and JSON body.
public struct FakeResponse: Sendable {
    public var status: Int
    public var body: Data

    static func json<Body: Encodable>(_ value: Body, status: Int = 200) -> FakeResponse {
        FakeResponse(status: status, body: (try? KalshiJSON.encoder().encode(value)) ?? Data("{}".utf8))
    }

    static func error(_ status: Int, code: String, message: String, details: String? = nil) -> FakeResponse {
        FakeResponse(status: status, body: KalshiAPIError.encodeWrapped(APIErrorBody(code: code, message: message, details: details)))
    }

    static func error(_ error: ExchangeError) -> FakeResponse {
        FakeResponse.error(error.httpStatus, code: error.code, message: error.message, details: error.details.isEmpty ? nil : error.details)
    }

    static let tooManyRequests = FakeResponse(status: 429, body: Data(#"{"error":"too many requests"}"#.utf8))
    static let unavailable = FakeResponse.error(503, code: "service_unavailable", message: "service unavailable")

    /// The answer Kalshi gives to the retired V1 order-entry endpoints (reference §4.5).
    static let deprecatedV1 = FakeResponse.error(
        410, code: "deprecated_v1_order_endpoint", message: "Please switch to the V2 endpoints",
        details: "https://docs.kalshi.com/api-reference/orders/create-order-v2")
}
