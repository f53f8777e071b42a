import FuzzSupport
import KalshiAPI
import KalshiCore

/// The fast path for book frames (`BookFrameScanner`) on raw bytes, checked against its contract
/// with the reference decoder: a frame it returns is the reference decoder's message for the same
/// text, and an error it throws (other than malformed JSON, whose details differ) is the reference
/// decoder's error. A broken contract is reported as a crash, like a trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = FuzzInput.bytes(data, size)
    let fast: Result<FastBookFrame?, FrameDecodingError>
    do { fast = .success(try BookFrameScanner.scan(bytes)) } catch { fast = .failure(error) }
    // Invalid UTF-8 is malformed for the scanner but repaired on the way to a `String`.
    guard FuzzInput.isValidUTF8(bytes) else { return 0 }
    let text = FuzzInput.text(data, size)
    let reference: Result<KalshiWSMessage, FrameDecodingError>
    do { reference = .success(try KalshiWSDecoder.decode(text)) } catch { reference = .failure(error) }
    switch (fast, reference) {
    case (.success(let frame?), .success(let message)):
        if frame.message != message { fatalError("fast path \(frame.message) != reference \(message)") }
        _ = frame.bookFeedEvent
    case (.success(let frame?), .failure(let error)):
        fatalError("fast path decoded \(frame.message), reference threw \(error)")
    case (.failure(let error), let other):
        if case .notJSON = error { break }
        // The one intended difference: trailing commas are malformed on the fast path only.
        if case .failure(let referenceError) = other {
            if referenceError != error { fatalError("fast path threw \(error), reference threw \(referenceError)") }
        } else {
            fatalError("fast path threw \(error), reference decoded \(other)")
        }
    case (.success(nil), _):
        break
    }
    _ = try? KalshiFrameDecoder.bookFeedEvent(text)
    return 0
}

FuzzDriver.run(fuzz)
