import FuzzSupport
import SignalFeeds

/// Crypto.com Exchange frames: the WebSocket decoder (its fast path for pushes, then the tree
/// decoder) checked against the tree decoder alone — the same message or the same error, as the
/// fast path's contract says; a broken contract is reported as a crash — and the same bytes as a
/// `public/get-candlestick` REST body.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = FuzzInput.text(data, size)
    let decoded: Result<CryptoComMessage, SignalFeedError>
    do { decoded = .success(try CryptoComDecoder.decode(text)) } catch { decoded = .failure(error) }
    let reference: Result<CryptoComMessage, SignalFeedError>
    do { reference = .success(try CryptoComDecoder.decodeReference(text)) } catch { reference = .failure(error) }
    if decoded != reference { fatalError("decode gave \(decoded), the reference \(reference)") }
    _ = try? CryptoComDecoder.candlestickResponse(text)
    return 0
}

FuzzDriver.run(fuzz)
