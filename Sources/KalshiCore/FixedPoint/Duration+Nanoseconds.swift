extension Duration {
    /// Whole nanoseconds, saturating at `Int64.max` (a duration of centuries) instead of trapping.
    public var saturatingNanoseconds: Int64 {
        let parts = components
        let (seconds, overflow) = parts.seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else { return parts.seconds < 0 ? .min : .max }
        let (total, overflow2) = seconds.addingReportingOverflow(parts.attoseconds / 1_000_000_000)
        return overflow2 ? .max : total
    }
}
