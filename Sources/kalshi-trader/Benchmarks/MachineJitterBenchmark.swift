import Foundation
import Histogram
import KalshiAPI
import KalshiClient

/// `machine.fixed_work`: what this host does to a fixed piece of work — the same number of
/// dependent loads from the same 64 KiB each time, about as long as one tick-to-order round
/// (`targetMicroseconds`) — run after the idle interval `live.tick_to_order` leaves between its
/// rounds, then back to back. Nothing in it varies but the machine: the spread between its p50
/// and p99 is the host's (the kernel's tick and softirqs, the hypervisor, caches emptied while
/// the thread slept), a floor under any latency measured on it, and `live.tick_to_order`'s p99
/// is read beside it. On this shared 2-core VM, ~50 µs of it measured a p99 of 96–97 µs after
/// 5 ms idle.
///
/// Runs on a thread of its own (not an event loop): it sleeps between rounds.
enum MachineJitterBenchmark {
    static let targetMicroseconds = 50
    static let bufferBytes = 64 * 1024
    static let warmUpRounds = 100
    static let calibrationRounds = 200

    static func run(_ settings: LatencySettings) async -> [String] {
        await OwnThread.run {
            var work = FixedWork(bytes: bufferBytes)
            let steps = work.steps(forMicroseconds: targetMicroseconds, calibrationRounds: calibrationRounds)
            return [settings.roundIntervalMs, 0].map { idleMs in
                line(idleMs: idleMs, rounds: settings.frames, steps: steps, work: &work)
            }
        }
    }

    private static func line(idleMs: Int, rounds: Int, steps: Int, work: inout FixedWork) -> String {
        var histogram = Histogram<UInt64>(highestTrackableValue: 60_000_000_000, numberOfSignificantValueDigits: .three)
        let clock = ContinuousClock()
        for round in 0..<(warmUpRounds + rounds) {
            if idleMs > 0 { Thread.sleep(forTimeInterval: Double(idleMs) / 1_000) }
            let start = clock.now
            work.run(steps: steps)
            let elapsed = start.duration(to: clock.now).saturatingNanoseconds
            if round >= warmUpRounds { _ = histogram.record(UInt64(max(0, elapsed))) }
        }
        var writer = JSONLineWriter()
        writer.add("name", "machine.fixed_work")
        writer.add("idle_ms", idleMs)
        writer.add("rounds", rounds)
        writer.add("work_bytes", bufferBytes)
        writer.add("work_steps", steps)
        writer.addLatency("", histogram)
        let p50 = Double(histogram.valueAtPercentile(50))
        writer.add("p99_over_p50", p50 > 0 ? Double(histogram.valueAtPercentile(99)) / p50 : 0, decimals: 2)
        // Printed so that the work cannot be optimized away.
        writer.add("checksum", Int(truncatingIfNeeded: work.checksum >> 1))
        writer.addBuild()
        return writer.line
    }
}

/// The same amount of work every time: `steps` loads from one buffer, each address depending
/// on the sum so far (a chain the CPU cannot overlap, over bytes that stay cached when nothing
/// else runs).
struct FixedWork {
    private var words: [UInt64]
    private(set) var checksum: UInt64 = 0

    init(bytes: Int) {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        // A power of two, so that an index wraps with a mask.
        let count = 1 << max(0, Int.bitWidth - 1 - max(1, bytes / 8).leadingZeroBitCount)
        words = (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state
        }
    }

    /// Reads `steps` words, each load's address depending on the sum so far (wrapping round the
    /// buffer).
    mutating func run(steps: Int) {
        var sum = checksum
        let mask = words.count - 1
        words.withUnsafeBufferPointer { buffer in
            var index = Int(truncatingIfNeeded: sum) & mask
            for _ in 0..<steps {
                sum = (sum ^ buffer[index]) &* 0x100_0000_01B3
                index = (index &+ 9 &+ Int(truncatingIfNeeded: sum >> 63)) & mask
            }
        }
        checksum = sum
    }

    /// How many steps take about `microseconds` back to back (from the median of a few runs of
    /// one pass over the buffer).
    mutating func steps(forMicroseconds microseconds: Int, calibrationRounds: Int) -> Int {
        let clock = ContinuousClock()
        var samples: [Int64] = []
        samples.reserveCapacity(calibrationRounds)
        for _ in 0..<calibrationRounds {
            let start = clock.now
            run(steps: words.count)
            samples.append(start.duration(to: clock.now).saturatingNanoseconds)
        }
        samples.sort()
        let onePass = Double(max(1, samples[samples.count / 2]))
        let steps = Double(microseconds) * 1_000 / onePass * Double(words.count)
        return Int(min(1e9, max(1, steps.rounded())))
    }
}
