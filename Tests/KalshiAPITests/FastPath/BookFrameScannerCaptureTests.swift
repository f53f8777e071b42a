import KalshiCore
import Testing

@testable import KalshiAPI

/// The real April-2026 capture through both decoders: every frame decodes the same, every book
/// frame takes the fast path, and the books built from either path are identical.
struct BookFrameScannerCaptureTests {
    static func frames() throws -> [String] {
        try Fixtures.lines(Fixtures.orderbookCapture).map { line in try RecordedFrame.parse(line: line).text }
    }

    @Test(.enabled(if: Fixtures.exists(Fixtures.orderbookCapture), "needs ../shared/data/kalshi"))
    func everyCapturedFrameDecodesAlikeThroughBothPaths() throws {
        var outcomes: [DifferentialCheck.FastOutcome: Int] = [:]
        for text in try Self.frames() {
            outcomes[DifferentialCheck.check(text), default: 0] += 1
        }
        // 8 snapshots and 61 deltas take the fast path; 2 `subscribed` acks and 3 exchange errors
        // fall back to the general decoder.
        #expect(outcomes[.decoded] == 69)
        #expect(outcomes[.fellBack] == 5)
        #expect(outcomes[.rejected] == nil && outcomes[.rejectedTrailingComma] == nil)
    }

    @Test(.enabled(if: Fixtures.exists(Fixtures.orderbookCapture), "needs ../shared/data/kalshi"))
    func booksBuiltFromEitherPathAreIdentical() throws {
        var fast = BookSynchronizer()
        var reference = BookSynchronizer()
        for text in try Self.frames() {
            let fastEvent = try KalshiFrameDecoder.bookFeedEvent(text)
            let referenceEvent = try KalshiWSDecoder.decode(text).bookFeedEvent
            #expect(fastEvent == referenceEvent)
            if let fastEvent, let referenceEvent {
                #expect(fast.apply(fastEvent) == reference.apply(referenceEvent))
            }
        }
        #expect(fast.counters == reference.counters)
        #expect(fast.counters.deltas == 61 && fast.counters.snapshots == 8)
        #expect(fast.books.keys.sorted() == reference.books.keys.sorted())
        for (ticker, book) in fast.books {
            for side in OutcomeSide.allCases {
                #expect(book.levels(side) == reference.books[ticker]?.levels(side), "\(ticker) \(side)")
            }
            #expect(book.isTradable)
        }
    }
}
