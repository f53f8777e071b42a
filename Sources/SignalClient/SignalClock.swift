import Foundation

/// Our wall clock in epoch milliseconds: receive times and staleness are measured on it.
public enum SignalClock {
    public static func nowMs() -> Int64 { Int64((Date().timeIntervalSince1970 * 1_000).rounded(.down)) }
}
