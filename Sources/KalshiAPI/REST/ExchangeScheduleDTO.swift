/// `GET /exchange/schedule`: the exchange's standard hours (in ET) and its scheduled
/// maintenance windows (RFC 3339). Only the maintenance windows drive the session: the hourly
/// crypto markets trade around the clock, and `GET /exchange/status` says when they do not.
public struct ExchangeScheduleResponse: Codable, Sendable, Equatable {
    public var schedule: ExchangeScheduleDTO

    public init(schedule: ExchangeScheduleDTO) { self.schedule = schedule }
}

public struct ExchangeScheduleDTO: Codable, Sendable, Equatable {
    public struct Window: Codable, Sendable, Equatable {
        public var startDatetime: String
        public var endDatetime: String

        public init(startDatetime: String, endDatetime: String) {
            self.startDatetime = startDatetime
            self.endDatetime = endDatetime
        }
    }

    /// `standard_hours` is not decoded: nothing here acts on it.
    public var maintenanceWindows: [Window]?

    public init(maintenanceWindows: [Window]) { self.maintenanceWindows = maintenanceWindows }
}

/// A maintenance window in Unix milliseconds, half-open: `[startMs, endMs)`.
public struct MaintenanceWindow: Sendable, Equatable {
    public var startMs: Int64
    public var endMs: Int64

    public init(startMs: Int64, endMs: Int64) {
        self.startMs = startMs
        self.endMs = endMs
    }

    public func contains(_ ms: Int64) -> Bool { ms >= startMs && ms < endMs }
}

public enum ExchangeScheduleError: Error, Sendable, Equatable, CustomStringConvertible {
    case badWindow(index: Int, start: String, end: String)

    public var description: String {
        switch self {
        case .badWindow(let index, let start, let end):
            "maintenance_windows[\(index)]: '\(start)'…'\(end)' is not an RFC 3339 interval with its start before its end"
        }
    }
}

extension ExchangeScheduleDTO {
    /// The maintenance windows in milliseconds; a window that does not parse, or ends before it
    /// starts, is an error that names it rather than a window silently dropped.
    public func windows() throws(ExchangeScheduleError) -> [MaintenanceWindow] {
        var result: [MaintenanceWindow] = []
        for (index, window) in (maintenanceWindows ?? []).enumerated() {
            guard let start = RFC3339.parse(window.startDatetime), let end = RFC3339.parse(window.endDatetime), start < end else {
                throw .badWindow(index: index, start: window.startDatetime, end: window.endDatetime)
            }
            result.append(MaintenanceWindow(startMs: start, endMs: end))
        }
        return result
    }
}
