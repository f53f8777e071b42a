import FuzzSupport
import SignalFeeds

/// Coinbase Exchange feed frames: the decoder (its fast path for data frames, then the tree
/// decoder) checked against the tree decoder alone — the same message or the same error, as the
/// fast path's contract says; a broken contract is reported as a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = FuzzInput.text(data, size)
    let decoded: Result<CoinbaseMessage, SignalFeedError>
    do { decoded = .success(try CoinbaseDecoder.decode(text)) } catch { decoded = .failure(error) }
    let reference: Result<CoinbaseMessage, SignalFeedError>
    do { reference = .success(try CoinbaseDecoder.decodeReference(text)) } catch { reference = .failure(error) }
    if decoded != reference { fatalError("decode gave \(decoded), the reference \(reference)") }
    return 0
}

FuzzDriver.run(fuzz)
