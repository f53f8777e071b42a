/// Calendar arithmetic for the converters: civil dates to Unix time without Foundation's
/// formatters (fast, and the same on every machine whatever its time zone database).
enum UTCTime {
    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func days(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let m = Int64(month)
        let dayOfYear = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// 0 = Sunday.
    static func weekday(daysSinceEpoch: Int64) -> Int {
        Int(((daysSinceEpoch % 7) + 7 + 4) % 7)
    }

    static func ms(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) -> Int64 {
        (days(year: year, month: month, day: day) * 86_400 + Int64(hour * 3_600 + minute * 60 + second)) * 1_000
    }

    /// Parses `YYYY-MM-DD HH:MM:SS` or `YYYY-MM-DDTHH:MM:SS`, optionally followed by fractional
    /// seconds and `Z` / `+00:00` / `±hh:mm`; nil when the text is not such a time.
    static func parse(_ bytes: ArraySlice<UInt8>) -> Int64? {
        let b = Array(bytes)
        guard b.count >= 19 else { return nil }
        func number(_ from: Int, _ count: Int) -> Int? {
            var value = 0
            for index in from..<(from + count) {
                let digit = Int(b[index]) - 48
                guard digit >= 0, digit <= 9 else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        guard b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), b[10] == UInt8(ascii: " ") || b[10] == UInt8(ascii: "T"),
            b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"),
            let year = number(0, 4), let month = number(5, 2), let day = number(8, 2), let hour = number(11, 2),
            let minute = number(14, 2), let second = number(17, 2), (1...12).contains(month), (1...31).contains(day), hour < 24,
            minute < 60, second < 61
        else { return nil }
        var ms = self.ms(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        var index = 19
        if index < b.count, b[index] == UInt8(ascii: ".") {
            index += 1
            var scale: Int64 = 100
            while index < b.count, b[index] >= 48, b[index] <= 57 {
                ms += Int64(b[index] - 48) * scale
                scale /= 10
                index += 1
            }
        }
        if index == b.count { return ms }
        if b[index] == UInt8(ascii: "Z"), index + 1 == b.count { return ms }
        guard b.count - index == 6, b[index] == UInt8(ascii: "+") || b[index] == UInt8(ascii: "-"),
            b[index + 3] == UInt8(ascii: ":"),
            let hours = number(index + 1, 2), let minutes = number(index + 4, 2)
        else { return nil }
        let offset = Int64(hours * 60 + minutes) * 60_000
        return b[index] == UInt8(ascii: "+") ? ms - offset : ms + offset
    }

    /// UTC milliseconds of a wall time in US Eastern time (Kalshi's event codes): EDT (UTC−4)
    /// from the second Sunday of March 02:00 to the first Sunday of November 02:00, else EST.
    static func easternToUTC(year: Int, month: Int, day: Int, hour: Int) -> Int64 {
        func nthSunday(_ n: Int, month: Int) -> Int {
            let first = days(year: year, month: month, day: 1)
            let firstSunday = 1 + (7 - weekday(daysSinceEpoch: first)) % 7
            return firstSunday + 7 * (n - 1)
        }
        let dstStart = (3, nthSunday(2, month: 3))
        let dstEnd = (11, nthSunday(1, month: 11))
        let local = (month, day, hour)
        let afterStart = local >= (dstStart.0, dstStart.1, 2)
        let beforeEnd = local < (dstEnd.0, dstEnd.1, 2)
        let offsetHours = afterStart && beforeEnd ? 4 : 5
        return ms(year: year, month: month, day: day, hour: hour, minute: 0, second: 0) + Int64(offsetHours) * 3_600_000
    }
}
