import Foundation

/// Long blocking work (a simulation batch, a backtest) run on a thread of its own and awaited
/// without holding a thread of Swift's cooperative pool: that pool has one thread per core (two
/// here), and a task computing for minutes on one of them leaves every other task of the process
/// (clients, timers, fake venues, a worker's lease renewal) a core short, or none when another
/// such task holds the rest.
public enum OwnThread {
    /// Main-thread-sized by default: sessions and backtests keep large values on the stack.
    public static let defaultStackSize = 8 << 20

    /// `work`'s result, computed on a new thread of `stackSize` bytes.
    public static func run<Result: Sendable>(
        stackSize: Int = defaultStackSize, _ work: @escaping @Sendable () -> Result
    ) async -> Result {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: work()) }
            thread.stackSize = stackSize
            thread.start()
        }
    }
}
