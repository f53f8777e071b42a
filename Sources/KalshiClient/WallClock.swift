import Foundation

/// Milliseconds since the Unix epoch, from the system clock: what Kalshi's signatures and
/// `ts_ms` fields use.
public enum WallClock {
    public static func nowMs() -> Int64 { Int64((Date().timeIntervalSince1970 * 1_000).rounded(.down)) }
}
