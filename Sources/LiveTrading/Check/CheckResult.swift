/// One line of `kalshi-trader check`: what was checked, how it went, and what to do about it.
public struct CheckResult: Sendable, Equatable {
    public enum Status: String, Sendable, Equatable, CaseIterable {
        case ok, warn, fail
        /// Not run because a check it needs failed (named in the detail).
        case skip
    }

    /// A stable name: config, key, journal, exchange, clock, auth, balance, api_tier, market,
    /// websocket, signals.
    public var name: String
    public var status: Status
    public var detail: String
    /// What to do, for a warning or a failure.
    public var fix: String?

    public init(name: String, status: Status, detail: String, fix: String? = nil) {
        self.name = name
        self.status = status
        self.detail = detail
        self.fix = fix
    }

    static func ok(_ name: String, _ detail: String) -> CheckResult { CheckResult(name: name, status: .ok, detail: detail) }
    static func warn(_ name: String, _ detail: String, fix: String) -> CheckResult {
        CheckResult(name: name, status: .warn, detail: detail, fix: fix)
    }
    static func fail(_ name: String, _ detail: String, fix: String) -> CheckResult {
        CheckResult(name: name, status: .fail, detail: detail, fix: fix)
    }
    static func skip(_ name: String, needs: String) -> CheckResult {
        CheckResult(name: name, status: .skip, detail: "not checked: \(needs) failed")
    }
}

/// Everything `check` found, in order.
public struct CheckReport: Sendable, Equatable {
    public var results: [CheckResult]

    public init(results: [CheckResult]) { self.results = results }

    /// True when nothing failed (warnings and skips allowed; a skip follows a failure anyway).
    public var passed: Bool { !results.contains { $0.status == .fail } }

    public func count(_ status: CheckResult.Status) -> Int { results.filter { $0.status == status }.count }

    public subscript(name: String) -> CheckResult? { results.first { $0.name == name } }
}
