import FuzzSupport
import Recording
import RecordingRepair
import TraderRuntime

/// A recording all the way through replay: `RecordedScenarioLoader` reads it with
/// `RecordingReader` and runs every record through `ReplayPipeline` (books, prices, timers), the
/// path of backtests and `fake-venue --scenario recording:FILE`. Checksums are repaired as in
/// `fuzz-recording`; the seeds are the same recordings.
let file = ScratchFile(suffix: ".replay.ktrec")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    var bytes = Array(FuzzInput.bytes(data, size))
    repairChecksums(&bytes)
    bytes.withUnsafeBytes { file.write($0) }
    _ = try? RecordedScenarioLoader.load(path: file.path)
    return 0
}

FuzzDriver.run(fuzz)
