/// What the session has seen; every doubt is counted.
public struct FeedSessionCounters: Hashable, Sendable {
    public var connects = 0
    public var disconnects = 0
    public var frames = 0
    public var malformedFrames = 0
    public var exchangeErrors = 0
    public var resyncRequests = 0
    public var resubscribes = 0

    public init() {}
}
