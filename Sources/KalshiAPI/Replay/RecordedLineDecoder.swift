import KalshiCore

/// Decodes one line of a Kalshi WebSocket recording (a bare frame, or a capture wrapper
/// `{"recv_ts_ns": …, "raw": "<frame>"}`) from its bytes, as `RecordedFrame.parse` followed by
/// `KalshiFrameDecoder.decode` would, but without a `String` for the line or the frame when the
/// frame is a current-shape book frame: the wrapper is located in place, its `raw` unescaped
/// into a buffer reused from line to line, and the frame scanned by `BookFrameScanner`.
///
/// Anything else (other frame types, anything the fast path does not judge itself, and every
/// error) goes the way the live feed reads a frame, `RecordedFrame.parse` then
/// `KalshiFrameDecoder` (the fast path's verdict where it judges, the reference decoder
/// otherwise), so results and error messages are exactly that reading's.
public struct RecordedLineDecoder: Sendable {
    public enum Line: Equatable, Sendable {
        /// Empty or whitespace only: not a frame, not an error.
        case blank
        case frame(receivedAtNs: Int64?, KalshiWSMessage)
    }

    /// How many lines took the fast path, and how many the reference one (blank lines aside).
    public private(set) var fastLines = 0
    public private(set) var referenceLines = 0
    private var unescaped: [UInt8] = []

    public init() {}

    public mutating func decode(_ line: UnsafeRawBufferPointer) throws(FrameDecodingError) -> Line {
        if let (receivedAtNs, frame) = fastPath(line) {
            fastLines &+= 1
            return .frame(receivedAtNs: receivedAtNs, frame.message)
        }
        return try referencePath(line)
    }

    /// What a book replay needs of a line: book frames as the synchronizer's events straight
    /// from the fast path (no message built and copied), anything else as the reference decodes it.
    public enum BookLine: Equatable, Sendable {
        case blank
        case book(BookFeedEvent)
        case other(KalshiWSMessage)
    }

    public mutating func decodeForBooks(_ line: UnsafeRawBufferPointer) throws(FrameDecodingError) -> BookLine {
        if let (_, frame) = fastPath(line) {
            fastLines &+= 1
            return .book(frame.bookFeedEvent)
        }
        guard case .frame(_, let message) = try referencePath(line) else { return .blank }
        return .other(message)
    }

    /// The same for a line already held as text.
    public mutating func decode(_ line: String) throws(FrameDecodingError) -> Line {
        var text = line
        let result = text.withUTF8 { bytes -> Result<Line, FrameDecodingError> in
            do throws(FrameDecodingError) { return .success(try decode(UnsafeRawBufferPointer(bytes))) } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private mutating func fastPath(_ line: UnsafeRawBufferPointer) -> (receivedAtNs: Int64?, FastBookFrame)? {
        guard let base = line.baseAddress, !line.isEmpty, line.count < Int32.max else { return nil }
        // A capture's delta line in Kalshi's own spelling: matched in place, no unescaping.
        if let (receivedAtNs, frame) = EscapedDeltaLine.match(line) { return (receivedAtNs, frame) }
        // Either order of the two attempts gives the reference's answer; starting with the likely
        // one saves a pass. Captures begin `{"recv_ts_ns"` or `{"raw"`, bare frames `{"type"`.
        if !Self.looksLikeAWrapper(line), let frame = try? BookFrameScanner.scan(line) {
            // A book frame has a `type`: `RecordedFrame.parse` takes such a line as the frame itself.
            return (nil, frame)
        }
        let needed = line.count &+ 8
        if unescaped.count < needed { unescaped = [UInt8](repeating: 0, count: max(needed, 2 * unescaped.count)) }
        return unescaped.withUnsafeMutableBytes { output in Self.wrapped(line, base: base, output: output) }
    }

    /// A capture wrapper's book frame, its `raw` unescaped into `output`.
    private static func wrapped(_ line: UnsafeRawBufferPointer, base: UnsafeRawPointer, output: UnsafeMutableRawBufferPointer) -> (
        receivedAtNs: Int64?, FastBookFrame
    )? {
        var reader = JSONByteReader(base: base, count: line.count)
        var members = RecordingWrapperMembers(output: output)
        do {
            guard try reader.peek() == ASCII.openBrace else { return nil }
            try reader.readObject(depth: 1, into: &members)
        } catch {
            return nil
        }
        reader.skipWhitespace()
        guard reader.isAtEnd, !reader.sawNonASCII || reader.isValidUTF8 else { return nil }
        guard members.isWrapper else {
            guard looksLikeAWrapper(line), let frame = try? BookFrameScanner.scan(line) else { return nil }
            return (nil, frame)
        }
        guard let raw = members.raw, raw.kind == .string else { return nil }
        var receivedAtNs: Int64?
        if let span = members.receivedAt, span.kind != .null {
            guard let value = integer(span, reader) else { return nil }
            receivedAtNs = value
        }
        guard let frame = try? BookFrameScanner.scan(UnsafeRawBufferPointer(rebasing: output[0..<members.rawLength])) else {
            return nil
        }
        return (receivedAtNs, frame)
    }

    /// A plain integer that fits an `Int64` (nanosecond times have 19 digits, one more than
    /// `JSONByteReader` takes verbatim); nil for anything else, which the reference then judges.
    private static func integer(_ span: JSONValueSpan, _ reader: JSONByteReader) -> Int64? {
        guard span.kind == .number else { return nil }
        var offset = span.start
        let negative = reader.byte(offset) == ASCII.minus
        if negative { offset &+= 1 }
        guard span.end - offset <= 19 else { return nil }
        var value: Int64 = 0
        while offset < span.end {
            let digit = reader.byte(offset) &- ASCII.zero
            guard digit < 10 else { return nil }
            let (times10, overflowA) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflowB) = times10.addingReportingOverflow(Int64(digit))
            guard !overflowA, !overflowB else { return nil }
            value = sum
            offset &+= 1
        }
        return negative ? -value : value
    }

    /// Whether the line's first member name starts with `r` (`recv_ts_ns`, `raw`).
    private static func looksLikeAWrapper(_ line: UnsafeRawBufferPointer) -> Bool {
        var index = 0
        func skipSpace() { while index < line.count, line[index] == ASCII.space || line[index] == ASCII.tab { index += 1 } }
        skipSpace()
        guard index < line.count, line[index] == ASCII.openBrace else { return false }
        index += 1
        skipSpace()
        return index + 1 < line.count && line[index] == ASCII.quote && line[index + 1] == UInt8(ascii: "r")
    }

    private mutating func referencePath(_ line: UnsafeRawBufferPointer) throws(FrameDecodingError) -> Line {
        let text = String(decoding: line, as: UTF8.self)
        guard text.contains(where: { !$0.isWhitespace }) else { return .blank }
        referenceLines &+= 1
        let frame = try RecordedFrame.parse(line: text)
        return .frame(receivedAtNs: frame.receivedAtNs, try KalshiFrameDecoder.decode(frame.text))
    }
}
