import Foundation
import Testing

@testable import KalshiClient

struct OwnThreadTests {
    /// The work runs on a thread with the stack asked for (the cooperative pool's threads and
    /// the main thread have other sizes), and its result comes back.
    @Test func workRunsOnAThreadWithItsStackAndReturnsItsResult() async {
        let (stackSize, sum) = await OwnThread.run(stackSize: 4 << 20) {
            (Thread.current.stackSize, (1...1_000).reduce(0, +))
        }
        #expect(stackSize == 4 << 20)
        #expect(sum == 500_500)
        #expect(await OwnThread.run { Thread.current.stackSize } == OwnThread.defaultStackSize)
    }
}
