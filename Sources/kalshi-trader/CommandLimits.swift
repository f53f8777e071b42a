import ArgumentParser

/// Upper bounds for numeric flags. A number from the command line is converted to integer
/// milliseconds or micro-dollars, and `Int64(x * 1_000)` traps when it does not fit: a flag
/// outside its range is a usage error naming it, never a crash.
enum CommandLimits {
    /// A year: longer than any session, far inside `Int64` milliseconds.
    static let maximumSeconds: Double = 31_536_000
    /// $10bn: far above any spot price, and 1e16 micro-dollars, far inside `Int64`.
    static let maximumSpotDollars: Double = 10_000_000_000

    /// A positive, finite duration of at most a year.
    static func checkSeconds(_ seconds: Double, flag: String) throws {
        // The non-positive message is the one the CLI always printed.
        guard seconds > 0, seconds.isFinite else { throw ValidationError("\(flag) must be positive, got \(seconds)") }
        guard seconds <= maximumSeconds else {
            throw ValidationError("\(flag) must be in (0, \(Int(maximumSeconds))] seconds, got \(seconds)")
        }
    }
}
