import FuzzSupport
import SignalFeeds

/// Crypto.com Exchange frames: the WebSocket decoder, and the same bytes as a
/// `public/get-candlestick` REST body.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = FuzzInput.text(data, size)
    _ = try? CryptoComDecoder.decode(text)
    _ = try? CryptoComDecoder.candlestickResponse(text)
    return 0
}

FuzzDriver.run(fuzz)
