public enum PriceGridError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownStructure(String)
    case invalidStep(Int64)
    case invalidBand(start: Price, end: Price)
    case bandNotMultipleOfStep(start: Price, end: Price, step: Int64)
    case noBands
    case doesNotCoverZeroToOne
    case invalidNumber(FixedPointError)

    public var description: String {
        switch self {
        case .unknownStructure(let name): return "unknown price_level_structure '\(name)'"
        case .invalidStep(let step): return "price step of \(step) ticks is not within 1...10000"
        case .invalidBand(let start, let end): return "price band start \(start) is not below its end \(end)"
        case .bandNotMultipleOfStep(let start, let end, let step):
            return "price band \(start)...\(end) is not a whole number of \(step)-tick steps"
        case .noBands: return "a price grid needs at least one band"
        case .doesNotCoverZeroToOne: return "price bands must cover 0.0000...1.0000 without holes"
        case .invalidNumber(let error): return "price_ranges: \(error)"
        }
    }
}
