import FuzzSupport
import Recording
import RecordingRepair

/// The recording reader (`RecordingReader`: file header, header JSON, blocks, records) on a file
/// holding the input. Checksums are repaired first, wherever the input's own layout says the
/// header and blocks are, so mutations reach the header JSON and the record decoder instead of
/// stopping at a checksum mismatch.
let file = ScratchFile(suffix: ".ktrec")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    var bytes = Array(FuzzInput.bytes(data, size))
    repairChecksums(&bytes)
    bytes.withUnsafeBytes { file.write($0) }
    guard let reader = try? RecordingReader(path: file.path) else { return 0 }
    while (try? reader.next()) != nil {}
    return 0
}

FuzzDriver.run(fuzz)
