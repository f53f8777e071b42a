import Testing

@testable import KalshiAuth

@Suite struct StringToSignTests {
    @Test(arguments: [
        // The reference example: host and query are dropped, the /trade-api/v2 prefix is kept.
        (
            "GET", "https://external-api.kalshi.com/trade-api/v2/portfolio/orders?limit=5&status=resting",
            "1703123456789GET/trade-api/v2/portfolio/orders"
        ),
        ("GET", "/trade-api/v2/portfolio/orders?limit=5&status=resting", "1703123456789GET/trade-api/v2/portfolio/orders"),
        ("get", "/trade-api/v2/portfolio/balance", "1703123456789GET/trade-api/v2/portfolio/balance"),
        ("post", "/trade-api/v2/portfolio/orders", "1703123456789POST/trade-api/v2/portfolio/orders"),
        ("Delete", "/trade-api/v2/portfolio/orders/abc-123", "1703123456789DELETE/trade-api/v2/portfolio/orders/abc-123"),
        // WebSocket handshake.
        ("GET", "wss://external-api-ws.kalshi.com/trade-api/ws/v2", "1703123456789GET/trade-api/ws/v2"),
        ("GET", "/trade-api/ws/v2", "1703123456789GET/trade-api/ws/v2"),
        // Cut at the FIRST '?': a second '?' inside the query does not matter; fragments are not sent either.
        ("GET", "/trade-api/v2/markets?cursor=a?b&x=1", "1703123456789GET/trade-api/v2/markets"),
        ("GET", "/trade-api/v2/markets#top", "1703123456789GET/trade-api/v2/markets"),
        ("GET", "https://demo-api.kalshi.co:443/trade-api/v2/exchange/status", "1703123456789GET/trade-api/v2/exchange/status"),
        ("GET", "https://external-api.kalshi.com?x=1", "1703123456789GET/"),
    ])
    func stringToSign(method: String, target: String, expected: String) {
        #expect(RequestSigner.stringToSign(timestampMs: 1_703_123_456_789, method: method, path: target) == expected)
    }

    @Test func signingPathKeepsPathCharacters() {
        #expect(
            RequestSigner.signingPath("/trade-api/v2/markets/KXBTCD-25AUG1717-T118499.99")
                == "/trade-api/v2/markets/KXBTCD-25AUG1717-T118499.99")
        #expect(RequestSigner.signingPath("") == "/")
        #expect(RequestSigner.signingPath("?a=1") == "/")
    }
}
