import KalshiCore
import Testing

/// Passwords in URLs never reach a message, whatever the scheme or its case.
struct SecretRedactionTests {
    @Test(arguments: [
        ("postgresql://u:hunter2@db:5432/kalshi", "postgresql://u:***@db:5432/kalshi"),
        ("POSTGRESQL://u:hunter2@db/kalshi", "POSTGRESQL://u:***@db/kalshi"),
        ("postgresq://u:hunter2@db/kalshi", "postgresq://u:***@db/kalshi"),
        ("mysql://u:hunter2@db", "mysql://u:***@db"),
        ("http://u:hunter2@127.0.0.1:8080/trade-api/v2", "http://u:***@127.0.0.1:8080/trade-api/v2"),
        ("bad URL 'https://u:p%40ss@host' and 'wss://a:b@c/x'", "bad URL 'https://u:***@host' and 'wss://a:***@c/x'"),
        ("user:pw@host without a scheme://", "user:pw@host without a scheme://"),
        ("http://host/path?x=a:b@c", "http://host/path?x=a:b@c"),
        ("postgresql://only-user@db/kalshi", "postgresql://only-user@db/kalshi"),
    ])
    func redactsEveryPassword(input: String, expected: String) {
        #expect(SecretRedaction.redactingURLPasswords(in: input) == expected)
    }

    @Test func aPasswordHoldingAtSignsIsRedactedWhole() {
        let text = SecretRedaction.redactingURLPasswords(in: "postgresql://u:a@b@db/kalshi")
        #expect(!text.contains("a@b@") && text == "postgresql://u:***@db/kalshi")
    }
}
