/// Scenario time for the fake venues: starts at `startMs` (Unix ms) when the venue starts and
/// runs `speed` times faster than the wall clock, so an hourly market can play in a minute.
/// Every fake venue reads the same clock, so markets and prices move together.
public struct ScenarioClock: Sendable {
    public let startMs: Int64
    public let speed: Double
    private let wallStart: ContinuousClock.Instant

    public init(startMs: Int64, speed: Double = 1) {
        precondition(speed > 0 && speed.isFinite, "scenario speed must be positive")
        self.startMs = startMs
        self.speed = speed
        self.wallStart = .now
    }

    public func nowMs() -> Int64 {
        let elapsed = wallStart.duration(to: .now)
        let elapsedMs = Double(elapsed.components.seconds) * 1_000 + Double(elapsed.components.attoseconds) / 1e15
        return startMs + Int64(elapsedMs * speed)
    }

    /// Wall-clock milliseconds until scenario time `targetMs` (0 if already past).
    public func wallDelayMs(until targetMs: Int64) -> Int64 {
        max(0, Int64(Double(targetMs - nowMs()) / speed))
    }
}
