import Foundation
import GRDB
import KalshiCore
import Storage
import Testing

/// A journal backend the tests can open: SQLite in a fresh file, or the PostgreSQL server named by
/// `KALSHI_TEST_POSTGRES_URL` (each test uses its own session names there).
struct JournalBackend: Sendable, CustomTestStringConvertible {
    var name: String
    var location: @Sendable () -> String

    var testDescription: String { name }

    static let sqlite = JournalBackend(name: "sqlite") { temporaryPath() }

    static var postgresURL: String? {
        guard Journal.supportsPostgres, let url = ProcessInfo.processInfo.environment["KALSHI_TEST_POSTGRES_URL"], !url.isEmpty
        else {
            return nil
        }
        return url
    }

    static var available: [JournalBackend] {
        var backends = [sqlite]
        if let url = postgresURL { backends.append(JournalBackend(name: "postgres") { url }) }
        return backends
    }

    func open() async throws -> any JournalStore {
        try await Journal.open(try JournalLocation(parsing: location()))
    }

    static func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("journal-tests-\(UUID().uuidString)/journal.sqlite").path
    }

    static func uniqueSessionName() -> String { "test-" + UUID().uuidString.prefix(8).lowercased() }
}

enum SQLiteTestSupport {
    static func execute(path: String, _ sql: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.write { try $0.execute(sql: sql) }
        try queue.close()
    }
}

extension NewSessionParameters {
    /// A fresh prefix each time: prefixes are unique across the sessions of a store.
    static func sample(prefix: String = "kt" + String(UInt32.random(in: 0...UInt32.max), radix: 16)) -> NewSessionParameters {
        NewSessionParameters(
            clientPrefix: prefix, startingBalance: Money(cents: 100_000), environment: "http://127.0.0.1:1/trade-api/v2")
    }
}

extension JournalRecord {
    static func sampleIntent(_ cid: String) -> JournalRecord {
        .intent(
            OrderIntentEntry(
                clientOrderId: cid, sequence: Int(cid.split(separator: "-").last ?? ""), ticker: "KXETHD-26NOV2513-T2999.99",
                side: .bid,
                price: Price(uncheckedTicks: 4_100), count: Quantity(contracts: 10), timeInForce: .goodTillCanceled,
                postOnly: true))
    }

    static func sampleFill(tradeId: String) -> JournalRecord {
        .fill(
            FillEntry(
                tradeId: tradeId, clientOrderId: "ktaaaa0001-1", orderId: "o-1", ticker: "KXETHD-26NOV2513-T2999.99", side: .ask,
                price: Price(uncheckedTicks: 5_525), count: Quantity(units: 250), fee: Money(micros: 4_400), isTaker: true,
                source: "ws"))
    }

    /// One of every kind, with optional fields both set and absent.
    static let samples: [JournalRecord] = [
        sampleIntent("ktaaaa0001-1"),
        .intent(
            OrderIntentEntry(
                clientOrderId: "adopted-o-9", sequence: nil, ticker: "KXETHD-26NOV2513-T3019.99", side: .ask,
                price: Price(uncheckedTicks: 9_999), count: Quantity(units: 1), timeInForce: .immediateOrCancel, postOnly: false,
                origin: .adopted, orderId: "o-9")),
        .orderEvent(OrderEventEntry(clientOrderId: "ktaaaa0001-1", kind: .accepted, orderId: "o-1")),
        .orderEvent(
            OrderEventEntry(
                clientOrderId: "ktaaaa0001-1", kind: .amendSent, price: Price(uncheckedTicks: 4_200),
                count: Quantity(contracts: 12))),
        .orderEvent(
            OrderEventEntry(
                clientOrderId: "ktaaaa0001-1", kind: .revived, orderId: "o-1", price: Price(uncheckedTicks: 4_200),
                count: Quantity(contracts: 12),
                filled: Quantity(contracts: 2), remaining: Quantity(contracts: 10), detail: "exchange has it resting")),
        .orderEvent(
            OrderEventEntry(clientOrderId: "ktaaaa0001-1", kind: .canceled, count: Quantity(contracts: 10), detail: "exchange")),
        sampleFill(tradeId: "t-1"),
        .position(PositionEntry(ticker: "KXETHD-26NOV2513-T2999.99", local: Quantity(units: -250), exchange: nil)),
        .position(
            PositionEntry(ticker: "KXETHD-26NOV2513-T2999.99", local: Quantity(units: -250), exchange: Quantity(units: -250))),
        .balance(BalanceEntry(local: Money(micros: 999_123_456), exchange: Money(micros: 999_123_456))),
        .balance(BalanceEntry(local: Money(micros: 1), exchange: nil)),
        .risk(RiskEventEntry(kind: "kill_switch", ticker: nil, detail: "SIGUSR1 received")),
        .risk(RiskEventEntry(kind: "terminal_exit", ticker: "KXETHD-26NOV2513-T2999.99", detail: "120 s before the close")),
        .settlement(SettlementEntry(ticker: "KXETHD-26NOV2513-T2999.99", result: .no, payout: Money(cents: 250))),
        .reconciliation(ReconciliationEntry(trigger: "start", corrections: 2, deferredAccountCheck: true, detail: "a\nb")),
    ]
}
