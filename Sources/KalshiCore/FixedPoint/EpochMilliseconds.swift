/// Bounds for Unix times in milliseconds that arrive from outside (WS frames, REST bodies,
/// recordings). Anything outside is corrupt or hostile, and would overflow the arithmetic
/// (`seconds * 1_000`, `time + interval`) that follows.
public enum EpochMilliseconds {
    /// 1970-01-01T00:00:00.000Z through 9999-12-31T23:59:59.999Z.
    public static let plausible: ClosedRange<Int64> = 0...253_402_300_799_999
    /// The same range in whole seconds, for fields such as Kalshi's `ts`.
    public static let plausibleSeconds: ClosedRange<Int64> = 0...253_402_300_799
}

extension EpochMilliseconds {
    /// `seconds` in milliseconds, or nil when it is not a plausible time (so the multiplication
    /// cannot overflow).
    public static func fromSeconds(_ seconds: Int64) -> Int64? {
        plausibleSeconds.contains(seconds) ? seconds * 1_000 : nil
    }
}
