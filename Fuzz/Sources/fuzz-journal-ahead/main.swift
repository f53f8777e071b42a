import FuzzSupport
import KalshiCore

@testable import Storage

/// Lines of the journal's ahead log (`JournalAheadLine.decode`), read back when a session opens
/// after a crash: a file cut short, edited by hand or damaged is outside bytes too. A line that
/// decodes must lay out again as bytes that decode to the same line (what the replay stores is
/// what was written).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Array(FuzzInput.bytes(data, size))
    guard let line = try? JournalAheadLine.decode(bytes[...], line: 1, path: "fuzz") else { return 0 }
    let again = line.bytes
    guard again.last == 0x0A, let decoded = try? JournalAheadLine.decode(again.dropLast(), line: 1, path: "fuzz"), decoded == line else {
        fatalError("an ahead line that decodes does not lay out and decode to itself")
    }
    return 0
}

FuzzDriver.run(fuzz)
