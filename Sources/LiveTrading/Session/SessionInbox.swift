import DequeModule
import Synchronization

/// The live session's inputs in order of arrival, and the turn to step them.
///
/// One task at a time holds the turn and steps the queued inputs in order until the queue is
/// empty (`next` gives the turn up atomically when it finds nothing). Usually that is the
/// session's loop (`waitForTurn`); but the WebSocket client's task, having just queued a book
/// frame's events, takes the turn itself when nobody holds it (`tryTakeTurn`) and steps them
/// on its own thread: the frame reaches the engine without a hand-over to another task (a job
/// switch, and the WebSocket client's own bookkeeping before it, on the order's path).
///
/// Whoever holds the turn steps every input queued meanwhile, so the order of the steps is the
/// order of `post`s, whichever task runs them. A step that ends the session (its end, or a
/// journal failure) closes the inbox with the outcome; the loop then returns it and no one
/// takes the turn again.
final class SessionInbox: Sendable {
    /// How a session closed by a step ended.
    enum Outcome: Sendable {
        case finished(reason: String)
        case failed(any Error)
    }

    /// What the session's loop waited for.
    enum Turn: Sendable {
        /// The loop holds the turn: step `next(byLoop: true)` until it returns nil.
        case held
        /// The inbox was closed (by a step, with its outcome, or with nil when the loop's task
        /// was cancelled); nobody holds the turn any more.
        case closed(Outcome?)
    }

    private struct State {
        var queue = Deque<LiveInput>()
        /// Someone is stepping; it will take what is queued. Held from the start: nothing is
        /// stepped before the session's loop first waits.
        var turnHeld = true
        /// The session's loop, waiting for the turn.
        var waiter: CheckedContinuation<Turn, Never>?
        /// Set once, by `close`: no more turns, later posts are dropped.
        var closed = false
        var outcome: Outcome?
    }

    private let state = Mutex(State())

    /// Queues `input`. With `wake` the session's loop is handed the turn if it is waiting and
    /// nobody holds it; without, the caller takes the turn itself next (`tryTakeTurn`).
    func post(_ input: LiveInput, wake: Bool = true) {
        let waiter = state.withLock { state -> CheckedContinuation<Turn, Never>? in
            guard !state.closed else { return nil }
            state.queue.append(input)
            guard wake, !state.turnHeld, let waiter = state.waiter else { return nil }
            state.waiter = nil
            state.turnHeld = true
            return waiter
        }
        waiter?.resume(returning: .held)
    }

    /// The session's loop, holding the turn with nothing left to step: gives the turn up and
    /// waits until an input needs stepping, then holds it again. Cancelling the loop's task
    /// closes the inbox (the session's inputs end).
    func waitForTurn() async -> Turn {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Turn, Never>) in
                let ready = state.withLock { state -> Turn? in
                    if state.closed {
                        state.turnHeld = false
                        return .closed(state.outcome)
                    }
                    if !state.queue.isEmpty { return .held }
                    state.turnHeld = false
                    state.waiter = continuation
                    return nil
                }
                if let ready { continuation.resume(returning: ready) }
            }
        } onCancel: {
            close(nil)
        }
    }

    /// Takes the turn if nobody holds it and something is queued; the caller then steps
    /// `next(byLoop: false)` until it returns nil.
    func tryTakeTurn() -> Bool {
        state.withLock { state in
            guard !state.closed, !state.turnHeld, !state.queue.isEmpty else { return false }
            state.turnHeld = true
            return true
        }
    }

    /// The next input for the turn's holder, or nil. The loop keeps the turn after a nil (until
    /// it waits); any other holder gives it up, and when the inbox was closed meanwhile the
    /// waiting loop is handed the outcome then, not before: nobody is stepping once it has it.
    func next(byLoop: Bool) -> LiveInput? {
        var waiter: CheckedContinuation<Turn, Never>?
        var outcome: Outcome?
        let input = state.withLock { state -> LiveInput? in
            if !state.closed, let input = state.queue.popFirst() { return input }
            if !byLoop {
                state.turnHeld = false
                if state.closed {
                    waiter = state.waiter
                    state.waiter = nil
                    outcome = state.outcome
                }
            }
            return nil
        }
        waiter?.resume(returning: .closed(outcome))
        return input
    }

    /// Ends the session's inputs: no more turns; queued and later inputs are dropped. The
    /// waiting loop is handed `outcome` now, or by the holder of the turn when it gives it up.
    func close(_ outcome: Outcome?) {
        let waiter = state.withLock { state -> CheckedContinuation<Turn, Never>? in
            guard !state.closed else { return nil }
            state.closed = true
            state.outcome = outcome
            state.queue.removeAll()
            guard !state.turnHeld, let waiter = state.waiter else { return nil }
            state.waiter = nil
            return waiter
        }
        waiter?.resume(returning: .closed(outcome))
    }

    /// The session's loop is waiting for the turn (tests).
    var loopIsWaiting: Bool { state.withLock { $0.waiter != nil } }

    /// How many inputs are queued (tests).
    var count: Int { state.withLock { $0.queue.count } }
}
