/// The journal's tables, the same on SQLite and PostgreSQL, as an ordered list of migrations.
/// The schema version is the number of migrations applied. Never edit a shipped migration:
/// append a new one.
///
/// Every record table carries `session`, `seq` (the session's write order, shared by all
/// tables), `run_id` and `time_ms`. Prices are ticks of $0.0001, counts units of 0.01
/// contract, money micro-dollars: integers, never floating point.
enum JournalSchema {
    enum Dialect {
        case sqlite, postgres

        var integer: String { "BIGINT" }
        var serialKey: String {
            switch self {
            case .sqlite: "INTEGER PRIMARY KEY AUTOINCREMENT"
            case .postgres: "BIGSERIAL PRIMARY KEY"
            }
        }
    }

    static func migrations(_ dialect: Dialect) -> [[String]] {
        let int = dialect.integer
        let common = "session TEXT NOT NULL, seq \(int) NOT NULL, run_id \(int) NOT NULL, time_ms \(int) NOT NULL"
        let v1 = [
            """
            CREATE TABLE sessions (
                name TEXT PRIMARY KEY, client_prefix TEXT NOT NULL UNIQUE, created_ms \(int) NOT NULL,
                starting_balance_micros \(int) NOT NULL, environment TEXT NOT NULL)
            """,
            """
            CREATE TABLE runs (
                id \(dialect.serialKey), session TEXT NOT NULL REFERENCES sessions(name), started_ms \(int) NOT NULL,
                ended_ms \(int), exit_reason TEXT, pid \(int))
            """,
            """
            CREATE TABLE order_intents (\(common),
                client_order_id TEXT NOT NULL, sequence \(int), ticker TEXT NOT NULL, side TEXT NOT NULL,
                price_ticks \(int) NOT NULL, count_units \(int) NOT NULL, time_in_force TEXT NOT NULL, post_only \(int) NOT NULL,
                origin TEXT NOT NULL, order_id TEXT,
                PRIMARY KEY (session, client_order_id))
            """,
            """
            CREATE TABLE order_events (\(common),
                client_order_id TEXT NOT NULL, kind TEXT NOT NULL, order_id TEXT, price_ticks \(int), count_units \(int),
                filled_units \(int), remaining_units \(int), detail TEXT,
                PRIMARY KEY (session, seq))
            """,
            """
            CREATE TABLE fills (\(common),
                trade_id TEXT NOT NULL, client_order_id TEXT NOT NULL, order_id TEXT NOT NULL, ticker TEXT NOT NULL, side TEXT NOT NULL,
                price_ticks \(int) NOT NULL, count_units \(int) NOT NULL, fee_micros \(int) NOT NULL, is_taker \(int) NOT NULL,
                source TEXT NOT NULL,
                PRIMARY KEY (session, trade_id))
            """,
            """
            CREATE TABLE position_snapshots (\(common),
                ticker TEXT NOT NULL, local_units \(int) NOT NULL, exchange_units \(int),
                PRIMARY KEY (session, seq))
            """,
            """
            CREATE TABLE balance_snapshots (\(common),
                local_micros \(int) NOT NULL, exchange_micros \(int),
                PRIMARY KEY (session, seq))
            """,
            """
            CREATE TABLE risk_events (\(common),
                kind TEXT NOT NULL, ticker TEXT, detail TEXT NOT NULL,
                PRIMARY KEY (session, seq))
            """,
            """
            CREATE TABLE settlements (\(common),
                ticker TEXT NOT NULL, result TEXT NOT NULL, payout_micros \(int) NOT NULL,
                PRIMARY KEY (session, ticker))
            """,
            """
            CREATE TABLE reconciliations (\(common),
                trigger TEXT NOT NULL, corrections \(int) NOT NULL, deferred \(int) NOT NULL, detail TEXT NOT NULL,
                PRIMARY KEY (session, seq))
            """,
        ]
        // v2: lookups by order (audits, the tests' journal-vs-exchange checks).
        let v2 = [
            "CREATE INDEX order_events_by_order ON order_events (session, client_order_id)",
            "CREATE INDEX fills_by_order ON fills (session, client_order_id)",
        ]
        return [v1, v2]
    }

    static var version: Int { migrations(.sqlite).count }
}
