import Foundation

/// The lines of a JSON-lines file, read a megabyte at a time (memory stays flat whatever the
/// file's size), each handed over as bytes without its newline; empty lines are skipped, and a
/// last line without a newline is handed over too.
enum JSONLinesFile {
    static let chunkBytes = 1 << 20

    /// Nothing when the file does not exist.
    static func forEachLine(_ url: URL, _ body: (ArraySlice<UInt8>) -> Void) throws(SessionReportError) {
        guard FileManager.default.fileExists(atPath: url.path) else { return }
        let handle: FileHandle
        do { handle = try FileHandle(forReadingFrom: url) } catch { throw .unreadable(url.path, error.localizedDescription) }
        defer { try? handle.close() }
        var pending: [UInt8] = []
        while true {
            let chunk: Data?
            do { chunk = try handle.read(upToCount: chunkBytes) } catch { throw .unreadable(url.path, error.localizedDescription) }
            guard let chunk, !chunk.isEmpty else { break }
            pending.append(contentsOf: chunk)
            var start = pending.startIndex
            while let newline = pending[start...].firstIndex(of: 0x0A) {
                if newline > start { body(pending[start..<newline]) }
                start = newline + 1
            }
            pending.removeSubrange(..<start)
        }
        if !pending.isEmpty { body(pending[...]) }
    }
}
