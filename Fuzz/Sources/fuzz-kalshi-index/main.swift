import FuzzSupport
import SignalFeeds

/// Kalshi's CF Benchmarks index frames (`cfbenchmarks_value`, with `data` as an embedded document).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    _ = try? KalshiIndexDecoder.decode(FuzzInput.text(data, size))
    return 0
}

FuzzDriver.run(fuzz)
