/// A live configuration that cannot be used, naming the field (`risk.max_inventory`) and the
/// problem. Nothing is sent when one is raised.
public struct LiveConfigurationError: Error, Equatable, Sendable, CustomStringConvertible {
    public var field: String
    public var problem: String

    public init(field: String, problem: String) {
        self.field = field
        self.problem = problem
    }

    public var description: String { field.isEmpty ? "config: \(problem)" : "config field '\(field)': \(problem)" }
}
