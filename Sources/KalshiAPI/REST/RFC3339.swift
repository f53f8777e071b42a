import Foundation

/// Kalshi's object times (`close_time`, `created_time`) are RFC 3339 strings in UTC.
public enum RFC3339 {
    public static func format(ms: Int64) -> String {
        let seconds = ms / 1_000
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let date = "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))"
        return "\(date)T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }

    /// Unix milliseconds of `2026-08-17T06:00:00Z` or `2026-08-17T06:00:00.123Z` (UTC offsets `Z`/`±hh:mm`).
    public static func parse(_ text: String) -> Int64? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return Int64(exactly: (date.timeIntervalSince1970 * 1_000).rounded()) }
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return Int64(exactly: (date.timeIntervalSince1970 * 1_000).rounded()) }
        return nil
    }
}
