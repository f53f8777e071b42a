import Synchronization

/// Ends a session from outside as `--runtime` does ("runtime reached"), at the next tick. For
/// programs that embed a session (the tests): they stop it when what they wait for has happened
/// instead of guessing a runtime in advance.
public final class LiveStopRequest: Sendable, Equatable {
    private let requested = Atomic<Bool>(false)

    public init() {}

    public func stop() { requested.store(true, ordering: .releasing) }

    public var isRequested: Bool { requested.load(ordering: .acquiring) }

    public static func == (lhs: LiveStopRequest, rhs: LiveStopRequest) -> Bool { lhs === rhs }
}
