import Pricing
import Testing

struct NormalDistributionTests {
    /// Expected values: `float(mpmath.ncdf(mpmath.mpf(x)))` with `mpmath.mp.dps = 50` (mpmath 1.3.0).
    static let mpmathValues: [(x: Double, cdf: Double)] = [
        (-8.0, 6.220960574271784e-16),
        (-5.0, 2.866515718791939e-07),
        (-1.96, 0.024997895148220435),
        (-1.0, 0.15865525393145705),
        (0.0, 0.5),
        (0.5, 0.6914624612740131),
        (1.0, 0.8413447460685429),
        (1.959963984540054, 0.975),
        (3.0, 0.9986501019683699),
        (8.0, 0.9999999999999993),
    ]

    @Test(arguments: mpmathValues)
    func matchesMpmathWithinOneInATrillion(x: Double, cdf expected: Double) {
        #expect(isClose(NormalDistribution.cdf(x), expected, within: 1e-12))
    }

    /// In the far left tail the absolute check is vacuous (both values are < 1e-6), so check relative error too:
    /// this is what `erfc` buys over `1 + erf`.
    @Test(arguments: mpmathValues.filter { $0.x <= -5 })
    func keepsRelativePrecisionInTheLeftTail(x: Double, cdf expected: Double) {
        #expect(isRelativelyClose(NormalDistribution.cdf(x), expected, within: 1e-9))
    }

    @Test func isSymmetricAroundZero() {
        for x in stride(from: -6.0, through: 6.0, by: 0.25) {
            #expect(isClose(NormalDistribution.cdf(x) + NormalDistribution.cdf(-x), 1, within: 1e-15))
        }
    }

    @Test func saturatesAtInfinity() {
        #expect(NormalDistribution.cdf(-.infinity) == 0)
        #expect(NormalDistribution.cdf(.infinity) == 1)
    }
}
