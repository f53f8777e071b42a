import Foundation
import FuzzSupport
import TraderRuntime

/// The demo/backtest configuration file (JSON through Foundation, then the strict field reader).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    _ = try? ConfigurationLoader.parse(Data(FuzzInput.bytes(data, size)))
    return 0
}

FuzzDriver.run(fuzz)
