/// A series' fee schedule (`fee_type` on `GET /series`, overridable per event).
public enum FeeType: String, Sendable, Hashable, CaseIterable {
    /// Taker fee only.
    case quadratic
    /// Taker fee, plus a maker fee at a quarter of the taker coefficient.
    case quadraticWithMakerFees = "quadratic_with_maker_fees"
    /// Taker fee, plus a maker fee at half the taker coefficient.
    case quadraticWithComboMakerFees = "quadratic_with_combo_maker_fees"

    /// Fee coefficient as an exact fraction (numerator, denominator) for the given role.
    func coefficient(for role: LiquidityRole) -> (numerator: Int64, denominator: Int64) {
        switch (self, role) {
        case (_, .taker): return (7, 100)  // 0.07
        case (.quadratic, .maker): return (0, 1)
        case (.quadraticWithMakerFees, .maker): return (175, 10_000)  // 0.0175
        case (.quadraticWithComboMakerFees, .maker): return (35, 1_000)  // 0.035
        }
    }
}

/// Whether a fill took liquidity (crossed the spread) or provided it (rested on the book).
public enum LiquidityRole: String, Sendable, Hashable {
    case taker
    case maker
}
