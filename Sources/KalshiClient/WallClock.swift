#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Milliseconds since the Unix epoch, from the system clock: what Kalshi's signatures and
/// `ts_ms` fields use. Read with `clock_gettime` and integer arithmetic: it is read several
/// times on the order's path, where `Date` added a trip through Foundation and a `Double`.
public enum WallClock {
    public static func nowMs() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1_000 + Int64(now.tv_nsec) / 1_000_000
    }
}
