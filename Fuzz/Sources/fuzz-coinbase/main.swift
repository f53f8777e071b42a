import FuzzSupport
import SignalFeeds

/// Coinbase Exchange feed frames.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    _ = try? CoinbaseDecoder.decode(FuzzInput.text(data, size))
    return 0
}

FuzzDriver.run(fuzz)
