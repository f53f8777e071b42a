import FakeVenues
import Foundation

/// Where the session's time comes from: the fake venues' scenario clock offline (so an hour can
/// play in a minute), the wall clock with live data.
public enum SessionClock: Sendable {
    case scenario(ScenarioClock)
    case wall

    public func nowMs() -> Int64 {
        switch self {
        case .scenario(let clock): clock.nowMs()
        case .wall: Int64((Date().timeIntervalSince1970 * 1_000).rounded(.down))
        }
    }

    /// Scenario milliseconds per wall millisecond.
    public var speed: Double {
        switch self {
        case .scenario(let clock): clock.speed
        case .wall: 1
        }
    }
}
