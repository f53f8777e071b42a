import FuzzSupport
import KalshiAPI
import KalshiCore

/// One recording line through `RecordedLineDecoder` (byte path: capture wrapper located in place,
/// `raw` unescaped in one pass, book frames on the fast path) against the reference reading of the
/// same line (`RecordedFrame.parse`, then `KalshiFrameDecoder`, as the live feed reads frames): the same frame and receive time, or
/// the same error, for every input. A disagreement is reported as a crash, like a trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = FuzzInput.bytes(data, size)
    var decoder = RecordedLineDecoder()
    let ours: Result<RecordedLineDecoder.Line, FrameDecodingError>
    do { ours = .success(try decoder.decode(bytes)) } catch { ours = .failure(error) }
    // Invalid UTF-8 is repaired on the way to a `String`, on both paths.
    let text = FuzzInput.text(data, size)
    let reference: Result<RecordedLineDecoder.Line, FrameDecodingError>
    if !text.contains(where: { !$0.isWhitespace }) {
        reference = .success(.blank)
    } else {
        do {
            let frame = try RecordedFrame.parse(line: text)
            reference = .success(.frame(receivedAtNs: frame.receivedAtNs, try KalshiFrameDecoder.decode(frame.text)))
        } catch {
            reference = .failure(error)
        }
    }
    if ours != reference { fatalError("line decoder \(ours) != reference \(reference)") }
    var books = RecordedLineDecoder()
    switch (try? books.decodeForBooks(bytes), ours) {
    case (.book(let event)?, .success(.frame(_, let message))):
        if message.bookFeedEvent != event { fatalError("book event \(event) != \(String(describing: message.bookFeedEvent))") }
    default: break
    }
    return 0
}

FuzzDriver.run(fuzz)
