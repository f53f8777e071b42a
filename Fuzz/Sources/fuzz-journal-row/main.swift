import FuzzSupport
import KalshiCore

@testable import Storage

/// Journal rows as read back from SQLite or PostgreSQL (`JournalRowCodec.decode`): a database
/// written by another version, edited by hand or damaged is outside bytes too. The input is text:
/// the first line names the table (`fills`, …), each further line is one column value after the
/// common four: `i:<integer>`, `t:<text>` or `n` (null).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let lines = FuzzInput.text(data, size).split(separator: "\n", omittingEmptySubsequences: false)
    guard let name = lines.first, let table = JournalTable(rawValue: String(name)) else { return 0 }
    let values: [ColumnValue] = lines.dropFirst().map { line in
        if line.hasPrefix("i:"), let value = Int64(line.dropFirst(2)) { return .int(value) }
        if line.hasPrefix("t:") { return .text(String(line.dropFirst(2))) }
        return .null
    }
    _ = try? JournalRowCodec.decode(table, values)
    return 0
}

FuzzDriver.run(fuzz)
