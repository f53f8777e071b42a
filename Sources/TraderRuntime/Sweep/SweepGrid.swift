import Foundation

/// The parameter grid of a sweep: configuration fields (`section.field` as in the JSON
/// configuration, e.g. `risk.minimum_edge`) and the values each takes. Every combination is a
/// complete configuration, parsed and checked by `ConfigurationLoader` before anything runs.
public struct SweepGrid: Sendable, Equatable {
    public struct Axis: Sendable, Equatable {
        public var key: String
        public var values: [String]
    }

    public var axes: [Axis]

    public init(axes: [Axis]) { self.axes = axes }

    /// Parses `--grid KEY=V1,V2,...` arguments. A key may appear once; values are trimmed and
    /// must be non-empty and distinct.
    public static func parse(_ arguments: [String]) throws(SweepError) -> SweepGrid {
        var axes: [Axis] = []
        for argument in arguments {
            guard let equals = argument.firstIndex(of: "=") else {
                throw .badGrid(argument, "expected KEY=V1,V2,... such as risk.minimum_edge=0.02,0.03")
            }
            let key = argument[..<equals].trimmingCharacters(in: .whitespaces)
            let pieces = argument[argument.index(after: equals)...].split(separator: ",", omittingEmptySubsequences: false)
            let values = pieces.map { $0.trimmingCharacters(in: .whitespaces) }
            guard !key.isEmpty, key.split(separator: ".", omittingEmptySubsequences: false).count <= 2,
                !key.split(separator: ".", omittingEmptySubsequences: false).contains(where: \.isEmpty)
            else {
                throw .badGrid(argument, "the key must be a configuration field, FIELD or SECTION.FIELD")
            }
            guard !values.isEmpty, values.allSatisfy({ !$0.isEmpty }) else { throw .badGrid(argument, "a value is empty") }
            guard Set(values).count == values.count else { throw .badGrid(argument, "a value is repeated") }
            guard !axes.contains(where: { $0.key == key }) else { throw .badGrid(argument, "'\(key)' is already in the grid") }
            axes.append(Axis(key: key, values: values))
        }
        return SweepGrid(axes: axes)
    }

    /// Every combination, the first axis varying slowest; one empty combination for no axes.
    public var combinations: [[(key: String, value: String)]] {
        var result: [[(key: String, value: String)]] = [[]]
        for axis in axes {
            result = result.flatMap { prefix in axis.values.map { prefix + [(axis.key, $0)] } }
        }
        return result
    }

    public var count: Int { axes.reduce(1) { $0 * $1.values.count } }

    /// The configuration JSON of one combination: `base` (the `--config` file's object, or
    /// empty) with each field set. A value is written as a JSON number when it reads as one and
    /// the field takes numbers, otherwise as a string (money and counts are decimal strings);
    /// the loader's verdict on the result names the field when a value does not fit.
    public static func configuration(
        base: [String: Any], assignment: [(key: String, value: String)]
    ) throws(SweepError) -> (json: Data, configuration: TradingConfiguration) {
        var object = base
        for (key, value) in assignment {
            let literal: Any = isJSONNumber(value) ? NSDecimalNumber(string: value) : value
            object = set(object, key: key, literal)
            if case .failure(let error) = parse(object), error.field == key, literal is NSNumber {
                // A number where the field takes text (a decimal string, a name): try the text.
                let asText = set(object, key: key, value)
                if case .success = parse(asText) { object = asText }
            }
        }
        switch parse(object) {
        case .success(let (data, configuration)): return (data, configuration)
        case .failure(let error):
            let described = assignment.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            throw .badCombination(described.isEmpty ? "the base configuration" : described, error.description)
        }
    }

    /// Plain decimal numbers only (no exponent, NaN or infinity), within what any field accepts.
    static func isJSONNumber(_ text: String) -> Bool {
        let digits = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
        let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), digits.count <= 18,
            parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } })
        else { return false }
        return !(parts[0].count > 1 && parts[0].hasPrefix("0"))
    }

    private static func set(_ object: [String: Any], key: String, _ value: Any) -> [String: Any] {
        var object = object
        let parts = key.split(separator: ".").map(String.init)
        if parts.count == 1 {
            object[parts[0]] = value
        } else {
            var section = object[parts[0]] as? [String: Any] ?? [:]
            section[parts[1]] = value
            object[parts[0]] = section
        }
        return object
    }

    private static func parse(_ object: [String: Any]) -> Result<(Data, TradingConfiguration), ConfigurationError> {
        do {
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            return .success((data, try ConfigurationLoader.parse(data)))
        } catch let error as ConfigurationError {
            return .failure(error)
        } catch {
            return .failure(ConfigurationError(field: "", problem: "\(error)"))
        }
    }
}

/// Why a sweep cannot run (or a job failed): names the argument, field or file.
public enum SweepError: Error, Equatable, Sendable, CustomStringConvertible {
    case badGrid(String, String)
    case badCombination(String, String)
    case badArguments(String)
    case recording(String, String)
    case job(String, String)
    case queue(String)
    case output(String)

    public var description: String {
        switch self {
        case let .badGrid(argument, problem): return "--grid '\(argument)': \(problem)"
        case let .badCombination(combination, problem): return "grid combination \(combination): \(problem)"
        case let .badArguments(problem): return problem
        case let .recording(path, problem): return "recording '\(path)': \(problem)"
        case let .job(job, problem): return "job \(job) failed: \(problem)"
        case let .queue(problem): return "queue: \(problem)"
        case let .output(problem): return problem
        }
    }
}
