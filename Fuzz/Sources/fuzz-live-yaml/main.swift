import FuzzSupport
import LiveTrading

/// The live configuration file (YAML through Yams, then the strict field reader).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    _ = try? LiveConfigurationLoader.parse(FuzzInput.text(data, size))
    return 0
}

FuzzDriver.run(fuzz)
