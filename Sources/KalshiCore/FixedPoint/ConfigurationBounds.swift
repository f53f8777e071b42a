/// The largest amounts a configuration may give. Far above any real account, and small enough
/// that every product the engine forms from them (a price times a count, a sum of exposures)
/// stays inside Int64: a typo of a few extra digits is refused by name instead of trapping.
public enum ConfigurationBounds {
    /// One million contracts.
    public static let maxContracts = Quantity(contracts: 1_000_000)
    /// One billion dollars.
    public static let maxDollars = Money(micros: 1_000_000_000 * Money.microsPerDollar)
}
