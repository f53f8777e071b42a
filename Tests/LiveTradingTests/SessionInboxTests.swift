import Synchronization
import Testing

@testable import LiveTrading

/// The session's inputs are stepped in the order they were posted, by one holder of the turn
/// at a time, whether the session's loop or the WebSocket client's task steps them
/// (`SessionInbox`).
struct SessionInboxTests {
    /// An input that says which it is.
    private static func input(_ label: String) -> LiveInput { .accountFailed(label, trigger: "test") }

    fileprivate static func label(_ input: LiveInput?) -> String? {
        guard case .accountFailed(let label, _) = input else { return nil }
        return label
    }

    @Test func theLoopHoldsTheTurnUntilItFirstWaitsAndStepsWhatCameBefore() async {
        let inbox = SessionInbox()
        inbox.post(Self.input("a"))
        inbox.post(Self.input("b"), wake: false)
        // The loop has not waited yet: nobody else may step.
        #expect(!inbox.tryTakeTurn())
        #expect(Self.label(inbox.next(byLoop: true)) == "a")
        #expect(Self.label(inbox.next(byLoop: true)) == "b")
        #expect(inbox.next(byLoop: true) == nil)
        // Still the loop's: a post without a wake-up is not stepped by the caller yet.
        inbox.post(Self.input("c"), wake: false)
        #expect(!inbox.tryTakeTurn())
        guard case .held = await inbox.waitForTurn() else {
            Issue.record("the loop did not get the turn back with an input queued")
            return
        }
        #expect(Self.label(inbox.next(byLoop: true)) == "c")
    }

    @Test func aFrameIsSteppedByItsOwnTaskWhileTheLoopWaitsAndTheLoopWakesForTheNextPost() async {
        let inbox = SessionInbox()
        let (waiting, waitingSink) = AsyncStream<Void>.makeStream()
        let loop = Task { () -> [String] in
            var stepped: [String] = []
            while true {
                while let input = inbox.next(byLoop: true) { stepped.append(Self.label(input) ?? "?") }
                waitingSink.yield()
                if case .closed = await inbox.waitForTurn() { return stepped }
            }
        }
        var waits = waiting.makeAsyncIterator()
        await waits.next()
        // The loop gives up the turn when its wait begins; then the frame's task takes it.
        while !inbox.loopIsWaiting { await Task.yield() }
        inbox.post(Self.input("frame"), wake: false)
        #expect(inbox.tryTakeTurn())
        #expect(Self.label(inbox.next(byLoop: false)) == "frame")
        // Posted with a wake-up while the turn is held: queued for the holder, not handed away.
        inbox.post(Self.input("answer"))
        #expect(Self.label(inbox.next(byLoop: false)) == "answer")
        #expect(inbox.next(byLoop: false) == nil)
        // The turn is free again: the next post wakes the loop, which steps it.
        inbox.post(Self.input("tick"))
        await waits.next()
        inbox.close(nil)
        #expect(await loop.value == ["tick"])
    }

    @Test func anOutcomeFromAnotherStepperReachesTheLoopWhenTheTurnIsGivenUp() async {
        let inbox = SessionInbox()
        let (waiting, waitingSink) = AsyncStream<Void>.makeStream()
        let loop = Task { () -> String? in
            while true {
                while inbox.next(byLoop: true) != nil {}
                waitingSink.yield()
                if case .closed(let outcome) = await inbox.waitForTurn() {
                    if case .finished(let reason) = outcome { return reason }
                    return nil
                }
            }
        }
        var waits = waiting.makeAsyncIterator()
        await waits.next()
        while !inbox.loopIsWaiting { await Task.yield() }
        inbox.post(Self.input("settlement"), wake: false)
        #expect(inbox.tryTakeTurn())
        #expect(inbox.next(byLoop: false) != nil)
        inbox.close(.finished(reason: "settled"))
        // Closed: what is queued or posted later is dropped, and the holder's next gives up the turn.
        inbox.post(Self.input("late"))
        #expect(inbox.count == 0)
        #expect(inbox.next(byLoop: false) == nil)
        #expect(await loop.value == "settled")
        #expect(!inbox.tryTakeTurn())
    }

    @Test func cancellingTheWaitingLoopClosesTheInbox() async {
        let inbox = SessionInbox()
        #expect(inbox.next(byLoop: true) == nil)
        let loop = Task { () -> Bool in
            if case .closed(nil) = await inbox.waitForTurn() { return true }
            return false
        }
        loop.cancel()
        #expect(await loop.value)
        inbox.post(Self.input("after"))
        #expect(inbox.count == 0)
    }

    /// Producers post from several tasks, some as frames stepped by their own task; every input
    /// is stepped exactly once, in each producer's order, and never by two holders at once.
    @Test(.timeLimit(.minutes(1)))
    func concurrentPostersAndSteppersStepEachInputOnceInOrderOneAtATime() async {
        let inbox = SessionInbox()
        let producers = 4
        let perProducer = 2_000
        // Each producer's inputs and its end marker.
        let total = producers * (perProducer + 1)
        let recorder = Recorder(total: total)
        let done = recorder.done
        let step = recorder.step
        let loop = Task {
            while true {
                while let input = inbox.next(byLoop: true) { step(input) }
                if case .closed = await inbox.waitForTurn() { return }
            }
        }
        await withTaskGroup(of: Void.self) { group in
            for producer in 0..<producers {
                group.addTask {
                    let asFrames = producer % 2 == 0
                    for index in 0..<perProducer {
                        inbox.post(Self.input("\(producer):\(index)"), wake: !asFrames)
                        if asFrames, inbox.tryTakeTurn() {
                            while let input = inbox.next(byLoop: false) { step(input) }
                        }
                        if index % 64 == 0 { await Task.yield() }
                    }
                    inbox.post(Self.input("\(producer):end"))
                }
            }
        }
        // Every input is stepped without another post: a holder steps what was queued while
        // it held the turn, and gives the turn up only when nothing is left.
        var doneIterator = done.makeAsyncIterator()
        await doneIterator.next()
        inbox.close(nil)
        await loop.value
        let labels = recorder.stepped.withLock { $0 }
        #expect(recorder.overlaps.load(ordering: .relaxed) == 0)
        #expect(labels.count == total)
        for producer in 0..<producers {
            let mine = labels.filter { $0.hasPrefix("\(producer):") }
            #expect(mine == (0..<perProducer).map { "\(producer):\($0)" } + ["\(producer):end"])
        }
    }

    /// What the steppers of the concurrent test stepped, and whether two ever stepped at once.
    private final class Recorder: Sendable {
        let stepping = Atomic<Int>(0)
        let overlaps = Atomic<Int>(0)
        let stepped = Mutex<[String]>([])
        let total: Int
        let done: AsyncStream<Void>
        private let doneSink: AsyncStream<Void>.Continuation

        init(total: Int) {
            self.total = total
            (done, doneSink) = AsyncStream<Void>.makeStream()
        }

        @Sendable func step(_ input: LiveInput) {
            if stepping.add(1, ordering: .acquiringAndReleasing).newValue != 1 { overlaps.add(1, ordering: .relaxed) }
            let count = stepped.withLock { list in
                list.append(SessionInboxTests.label(input) ?? "?")
                return list.count
            }
            if count == total { doneSink.yield() }
            stepping.subtract(1, ordering: .acquiringAndReleasing)
        }
    }
}
