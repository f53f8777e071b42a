import FuzzSupport
import KalshiAPI
import KalshiCore

/// The reference Kalshi WebSocket decoder (`KalshiWSDecoder`, Foundation JSON and Codable) on one
/// text frame, then the book event the message carries. Its single parse of Codable messages is
/// checked against the two-parse path (`decodeReference`): the same message or the same error;
/// a broken contract is reported as a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = FuzzInput.text(data, size)
    let decoded: Result<KalshiWSMessage, FrameDecodingError>
    do { decoded = .success(try KalshiWSDecoder.decode(text)) } catch { decoded = .failure(error) }
    let reference: Result<KalshiWSMessage, FrameDecodingError>
    do { reference = .success(try KalshiWSDecoder.decodeReference(text)) } catch { reference = .failure(error) }
    if decoded != reference { fatalError("decode gave \(decoded), the two-parse path \(reference)") }
    if case .success(let message) = decoded { _ = message.bookFeedEvent }
    return 0
}

FuzzDriver.run(fuzz)
