import KalshiCore
import Testing

@testable import KalshiAPI

/// Decodes one frame through the fast path, the general decoder (`KalshiWSDecoder`, the reference)
/// and `KalshiFrameDecoder`, and records an issue for every disagreement:
/// - a frame the fast path returns is the reference's message, and its book event is the message's;
/// - an error the fast path throws is thrown by the reference too: the same error, or both `notJSON`;
/// - `KalshiFrameDecoder` agrees with the reference on every frame.
/// The one tolerated disagreement is a trailing comma, which only the reference accepts.
enum DifferentialCheck {
    enum FastOutcome: Equatable {
        case decoded
        case fellBack
        case rejected
        /// Rejected for a trailing comma, which Foundation accepts (and then decodes, or rejects for
        /// another fault).
        case rejectedTrailingComma
    }

    @discardableResult
    static func check(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> FastOutcome {
        let reference = Result { () throws(FrameDecodingError) in try KalshiWSDecoder.decode(text) }
        let fast = Result { () throws(FrameDecodingError) in try BookFrameScanner.scan(text) }
        let combined = Result { () throws(FrameDecodingError) in try KalshiFrameDecoder.decode(text) }
        let outcome: FastOutcome
        switch (fast, reference) {
        case (.success(let frame?), .success(let message)):
            outcome = .decoded
            #expect(frame.message == message, "fast path disagrees on \(text.debugDescription)", sourceLocation: sourceLocation)
            #expect(
                frame.bookFeedEvent == message.bookFeedEvent, "book event differs for \(text.debugDescription)",
                sourceLocation: sourceLocation)
        case (.success(let frame?), .failure(let error)):
            outcome = .decoded
            Issue.record(
                "fast path accepted what the reference rejects (\(error)): \(text.debugDescription) → \(frame)",
                sourceLocation: sourceLocation)
        case (.success(nil), _):
            outcome = .fellBack
        case (.failure(let fastError), .failure(let referenceError)):
            outcome = .rejected
            if case .notJSON = fastError, hasTrailingComma(text) {
                // Foundation got past the comma and found another fault.
                return .rejectedTrailingComma
            }
            if case .notJSON = referenceError {
                guard case .notJSON = fastError else {
                    Issue.record(
                        "reference says not JSON, fast path says \(fastError): \(text.debugDescription)",
                        sourceLocation: sourceLocation)
                    return outcome
                }
            } else {
                #expect(fastError == referenceError, "errors differ for \(text.debugDescription)", sourceLocation: sourceLocation)
            }
        case (.failure(let fastError), .success(let message)):
            if case .notJSON = fastError, hasTrailingComma(text) { return .rejectedTrailingComma }
            outcome = .rejected
            Issue.record(
                "fast path rejected (\(fastError)) what the reference decodes as \(message): \(text.debugDescription)",
                sourceLocation: sourceLocation)
        }
        switch (combined, reference) {
        case (.success(let mine), .success(let theirs)):
            #expect(mine == theirs, "KalshiFrameDecoder differs on \(text.debugDescription)", sourceLocation: sourceLocation)
        case (.failure, .failure):
            break
        case (.failure, .success):
            #expect(
                outcome == .rejectedTrailingComma, "KalshiFrameDecoder rejects \(text.debugDescription)",
                sourceLocation: sourceLocation)
        case (.success(let mine), .failure(let error)):
            Issue.record(
                "KalshiFrameDecoder accepts what the reference rejects (\(error)): \(text.debugDescription) → \(mine)",
                sourceLocation: sourceLocation)
        }
        return outcome
    }

    /// A `,` followed (after whitespace) by `}` or `]`, outside strings.
    static func hasTrailingComma(_ text: String) -> Bool {
        var inString = false
        var escaped = false
        var pendingComma = false
        for byte in text.utf8 {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"): continue
            case UInt8(ascii: "}"), UInt8(ascii: "]"): if pendingComma { return true }
            case UInt8(ascii: "\""): inString = true
            default: break
            }
            pendingComma = byte == UInt8(ascii: ",")
        }
        return false
    }
}
