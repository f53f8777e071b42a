import ArgumentParser
import NIOCore
import NIOPosix

/// The commands that trade or serve over the network run their Swift Concurrency tasks on
/// NIO's event loops instead of the runtime's own pool.
///
/// A book frame read from the WebSocket resumed a task on the pool, the session's input stream
/// resumed another, and the HTTP client wrote the order from its own event loop: each hop could
/// wake a sleeping thread (tens of microseconds on a 2-core machine, hundreds in the tail).
/// With the event loops as the global executor, a job enqueued from an event loop stays on it
/// (NIO's `any()` is sticky), so the frame, the session's step and the request's write run one
/// after the other on one thread. `live.tick_to_order` (release, 2 cores, 5,000 frames, no
/// fsync, three runs each, alternating): p50 70–76 → 61–65 µs, p99.9 456–692 → 214–248 µs
/// (p99 117–180 µs either way: the machine's noise).
///
/// Installed before any task is enqueued (`KalshiTrader.main`, on the main thread, once), as
/// NIO requires. The cost: a long synchronous step (a SQLite commit with fsync) holds that
/// event loop's sockets meanwhile, where it used to hold a pool thread.
enum EventLoopConcurrency {
    static func installIfServing(_ command: any ParsableCommand) {
        guard command is LiveCommand || command is DemoCommand || command is BenchCommand || command is FakeVenueCommand else {
            return
        }
        _ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }
}
