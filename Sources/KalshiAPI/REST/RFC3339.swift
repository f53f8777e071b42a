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

    /// `2025-05-14T02:03:15.042Z`: `format(ms:)` with the milliseconds (the session logs' times).
    public static func formatMillis(ms: Int64) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        appendMillis(ms: ms, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `formatMillis(ms:)`'s bytes; computed directly (no `gmtime`, no `String`) for 1970…9999,
    /// the times a log line can hold, and through `format(ms:)` otherwise.
    public static func appendMillis(ms: Int64, to bytes: inout [UInt8]) {
        let millis = ((ms % 1_000) + 1_000) % 1_000
        guard (0..<253_402_300_800_000).contains(ms) else {
            bytes.append(contentsOf: format(ms: ms).utf8.dropLast())
            bytes.append(UInt8(ascii: "."))
            appendDigits(Int(millis), count: 3, to: &bytes)
            bytes.append(UInt8(ascii: "Z"))
            return
        }
        let seconds = ms / 1_000
        let days = seconds / 86_400
        let secondOfDay = Int(seconds % 86_400)
        // Civil date from days since 1970-01-01 (H. Hinnant's algorithm; days ≥ 0 here).
        let z = days + 719_468
        let era = z / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        appendDigits(Int(year), count: 4, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        appendDigits(Int(month), count: 2, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        appendDigits(Int(day), count: 2, to: &bytes)
        bytes.append(UInt8(ascii: "T"))
        appendDigits(secondOfDay / 3_600, count: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        appendDigits(secondOfDay / 60 % 60, count: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        appendDigits(secondOfDay % 60, count: 2, to: &bytes)
        bytes.append(UInt8(ascii: "."))
        appendDigits(Int(millis), count: 3, to: &bytes)
        bytes.append(UInt8(ascii: "Z"))
    }

    /// `value` (0 ≤ value < 10^count) with leading zeros to `count` digits.
    private static func appendDigits(_ value: Int, count: Int, to bytes: inout [UInt8]) {
        var divisor = 1
        for _ in 1..<count { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }

    /// Unix milliseconds of `2026-08-17T06:00:00Z` or `2026-08-17T06:00:00.123Z` (UTC offsets `Z`/`±hh:mm`).
    public static func parse(_ text: String) -> Int64? {
        parseUTC(text) ?? parseWithFormatter(text)
    }

    /// A formatter per call (ISO8601DateFormatter is not Sendable), ~100 µs: only for what
    /// `parseUTC` does not read.
    static func parseWithFormatter(_ text: String) -> Int64? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return Int64(exactly: (date.timeIntervalSince1970 * 1_000).rounded()) }
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return Int64(exactly: (date.timeIntervalSince1970 * 1_000).rounded()) }
        return nil
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` or `YYYY-MM-DDTHH:MM:SS.mmmZ` (what `format` and `formatMillis`
    /// write, and Kalshi's times) for a valid date and time in 1970…9999, read directly; nil
    /// for anything else, which `parse` hands to the formatter. `report` reads one per log line.
    static func parseUTC(_ text: String) -> Int64? {
        var text = text
        return text.withUTF8 { bytes -> Int64? in
            guard bytes.count == 20 || bytes.count == 24, bytes[4] == 0x2D, bytes[7] == 0x2D, bytes[10] == 0x54, bytes[13] == 0x3A,
                bytes[16] == 0x3A, bytes[bytes.count - 1] == 0x5A
            else { return nil }
            func number(_ start: Int, _ count: Int) -> Int? {
                var value = 0
                for index in start..<(start + count) {
                    let digit = Int(bytes[index]) - 0x30
                    guard (0...9).contains(digit) else { return nil }
                    value = value * 10 + digit
                }
                return value
            }
            guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2), let hour = number(11, 2),
                let minute = number(14, 2), let second = number(17, 2)
            else { return nil }
            var millis = 0
            if bytes.count == 24 {
                guard bytes[19] == 0x2E, let fraction = number(20, 3) else { return nil }
                millis = fraction
            }
            let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
            let monthDays = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
            guard year >= 1970, (1...12).contains(month), day >= 1, day <= monthDays[month - 1], hour < 24, minute < 60, second < 60
            else { return nil }
            // Days since 1970-01-01 from the civil date (H. Hinnant's algorithm).
            let y = month <= 2 ? year - 1 : year
            let era = y / 400
            let yearOfEra = y - era * 400
            let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
            let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
            let days = era * 146_097 + dayOfEra - 719_468
            return Int64(((days * 24 + hour) * 60 + minute) * 60 + second) * 1_000 + Int64(millis)
        }
    }
}
