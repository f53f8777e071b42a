import ArgumentParser
import KalshiCore

/// Adapts the core's typed parse errors to ArgumentParser, so a bad value is reported with the
/// option's name and the reason, and the process exits non-zero before doing anything.
struct InvalidArgument: Error, CustomStringConvertible {
    let description: String
}

func parsePriceArgument(_ text: String) throws -> Price {
    do { return try Price(parsing: text) } catch { throw InvalidArgument(description: error.description) }
}

func parseCountArgument(_ text: String) throws -> Quantity {
    do {
        let count = try Quantity(parsing: text)
        guard count.units > 0 else { throw InvalidArgument(description: "'\(text)' must be a positive count") }
        return count
    } catch let error as FixedPointError {
        throw InvalidArgument(description: error.description)
    }
}

func parseFiniteDouble(_ text: String) throws -> Double {
    guard let value = Double(text), value.isFinite else {
        throw InvalidArgument(description: "'\(text)' is not a finite number")
    }
    return value
}

extension FeeType: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument) }
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

/// A failure while running a command (as opposed to a bad argument).
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
}
