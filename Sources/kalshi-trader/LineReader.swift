import Foundation
import KalshiCore

/// Streams a text file line by line in fixed-size chunks, so recordings of any length replay in
/// constant memory. Accepts `\n` and `\r\n` endings; invalid UTF-8 is repaired, not fatal
/// (the decoder will then reject that line with its number).
enum LineReader {
    static func forEachLine(inFile path: String, chunkSize: Int = 1 << 16, _ body: (String) throws -> Void) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CommandFailure(description: FileManager.default.fileExists(atPath: path) ? "permission denied" : "no such file")
        }
        defer { try? handle.close() }
        var pending: [UInt8] = []
        while true {
            let chunk = try handle.read(upToCount: chunkSize) ?? Data()
            if chunk.isEmpty { break }
            pending.append(contentsOf: chunk)
            var start = 0
            while let newline = pending[start...].firstIndex(of: UInt8(ascii: "\n")) {
                try body(decode(pending[start..<newline]))
                start = newline + 1
            }
            pending.removeFirst(start)
        }
        if !pending.isEmpty { try body(decode(pending[...])) }
    }

    private static func decode(_ bytes: ArraySlice<UInt8>) -> String {
        var slice = bytes
        if slice.last == UInt8(ascii: "\r") { slice = slice.dropLast() }
        return String(decoding: slice, as: UTF8.self)
    }
}

enum StandardError {
    static func print(_ message: String) {
        FileHandle.standardError.write(Data((SecretRedaction.redactingURLPasswords(in: message) + "\n").utf8))
    }
}

/// Writes a line to standard output immediately: `print` is buffered when stdout is a file or a
/// pipe, and a long-running command's status lines must appear as they happen.
enum Console {
    static func line(_ message: String) {
        FileHandle.standardOutput.write(Data((SecretRedaction.redactingURLPasswords(in: message) + "\n").utf8))
    }
}
