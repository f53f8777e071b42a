import KalshiAPI
import KalshiCore
import Testing

@testable import SignalFeeds

/// What the signal feeds' fast-path tests share: one text through the venue's decoder, its tree
/// decoder (the reference) and its fast path, and byte-level edits of valid frames.
enum FastPathDifferential {
    /// Records a disagreement: `decode` must give the reference's answer (the same message or the
    /// same error), and a message from the fast path must be the reference's. Returns whether
    /// the fast path took the text.
    @discardableResult
    static func check<Message: Equatable>(
        _ text: String, decode: (String) throws(SignalFeedError) -> Message,
        reference: (String) throws(SignalFeedError) -> Message, fast: (String) -> Message?,
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> Bool {
        let theirs = Result { () throws(SignalFeedError) in try reference(text) }
        let mine = Result { () throws(SignalFeedError) in try decode(text) }
        switch (mine, theirs) {
        case (.success(let message), .success(let expected)):
            #expect(message == expected, "messages differ for \(text.debugDescription)", sourceLocation: sourceLocation)
        case (.failure(let error), .failure(let expected)):
            #expect(error == expected, "errors differ for \(text.debugDescription)", sourceLocation: sourceLocation)
        case (.success(let message), .failure(let error)):
            Issue.record("decoded \(message) where the reference says \(error): \(text.debugDescription)", sourceLocation: sourceLocation)
        case (.failure(let error), .success(let expected)):
            Issue.record("refused (\(error)) what the reference decodes as \(expected): \(text.debugDescription)", sourceLocation: sourceLocation)
        }
        guard let quick = fast(text) else { return false }
        if case .success(let expected) = theirs {
            #expect(quick == expected, "fast path differs for \(text.debugDescription)", sourceLocation: sourceLocation)
        } else {
            Issue.record("fast path decoded what the reference refuses: \(text.debugDescription)", sourceLocation: sourceLocation)
        }
        return true
    }

    /// One to three random edits of `text`: a byte deleted, inserted or replaced from `alphabet`,
    /// or a run of up to 12 bytes repeated.
    static func mutated(_ text: String, _ random: inout SplitMixRandom, alphabet: [UInt8]) -> String {
        var bytes = Array(text.utf8)
        for _ in 0..<random.int(1...3) where !bytes.isEmpty {
            let position = random.int(0...bytes.count - 1)
            switch random.int(0...3) {
            case 0: bytes.remove(at: position)
            case 1: bytes.insert(random.pick(alphabet), at: position)
            case 2: bytes[position] = random.pick(alphabet)
            default: bytes.insert(contentsOf: bytes[position..<min(bytes.count, position + random.int(1...12))], at: position)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Seeded choices for generated frames (every frame reproducible from its seed).
extension SplitMixRandom {
    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }
    mutating func chance(_ percent: Int) -> Bool { int(0...99) < percent }
    mutating func pick<T>(_ choices: [T]) -> T { choices[int(0...choices.count - 1)] }
}
