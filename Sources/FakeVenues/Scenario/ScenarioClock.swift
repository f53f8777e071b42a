import Synchronization

/// Scenario time for the fake venues: starts at `startMs` (Unix ms) and runs `speed` times faster
/// than the wall clock, so an hourly market can play in a minute. Every fake venue reads the same
/// clock, so markets and prices move together.
///
/// A clock can be created paused: scenario time then stays at `startMs` until `resume()`, so a
/// demo on a slow or busy machine does not lose part of its hour while it is still connecting.
public final class ScenarioClock: Sendable {
    public let startMs: Int64
    public let speed: Double
    /// Wall instant at which scenario time began to run; nil while paused.
    private let runningSince: Mutex<ContinuousClock.Instant?>

    public init(startMs: Int64, speed: Double = 1, paused: Bool = false) {
        precondition(speed > 0 && speed.isFinite, "scenario speed must be positive")
        self.startMs = startMs
        self.speed = speed
        self.runningSince = Mutex(paused ? nil : .now)
    }

    /// Starts a paused clock (no effect on a running one).
    public func resume() {
        runningSince.withLock { since in
            if since == nil { since = .now }
        }
    }

    public var isRunning: Bool { runningSince.withLock { $0 != nil } }

    public func nowMs() -> Int64 {
        guard let since = runningSince.withLock({ $0 }) else { return startMs }
        let elapsed = since.duration(to: .now)
        let elapsedMs = Double(elapsed.components.seconds) * 1_000 + Double(elapsed.components.attoseconds) / 1e15
        return startMs + Int64(elapsedMs * speed)
    }

    /// Wall-clock milliseconds until scenario time `targetMs` (0 if already past).
    public func wallDelayMs(until targetMs: Int64) -> Int64 {
        max(0, Int64(Double(targetMs - nowMs()) / speed))
    }
}
