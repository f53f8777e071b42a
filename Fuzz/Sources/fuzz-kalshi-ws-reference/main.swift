import FuzzSupport
import KalshiAPI
import KalshiCore

/// The reference Kalshi WebSocket decoder (`KalshiWSDecoder`, Foundation JSON and Codable) on one
/// text frame, then the book event the message carries.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = FuzzInput.text(data, size)
    if let message = try? KalshiWSDecoder.decode(text) {
        _ = message.bookFeedEvent
    }
    return 0
}

FuzzDriver.run(fuzz)
