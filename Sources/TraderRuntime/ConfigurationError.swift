/// A configuration that cannot be used: names the field and the problem. Nothing starts.
public struct ConfigurationError: Error, Equatable, Sendable, CustomStringConvertible {
    public var field: String
    public var problem: String

    public init(field: String, problem: String) {
        self.field = field
        self.problem = problem
    }

    public var description: String { field.isEmpty ? "config: \(problem)" : "config field '\(field)': \(problem)" }
}
