import Foundation
import KalshiAPI

/// An append-only text file with a write buffer; lines are formatted straight into it.
final class BufferedFile {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private static let capacity = 256 * 1_024
    /// The first write that failed; later lines are dropped and the log reports it.
    private(set) var failure: (any Error)?

    convenience init(_ url: URL) throws {
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        self.init(handle: try FileHandle(forWritingTo: url))
    }

    init(handle: FileHandle) {
        self.handle = handle
        buffer.reserveCapacity(BufferedFile.capacity + 4_096)
    }

    deinit {
        try? flush()
        try? handle.close()
    }

    /// One JSON line, its members added by `format` in the buffer itself (no array per line).
    func line(_ format: (inout JSONLineWriter) -> Void) {
        var writer = JSONLineWriter(continuing: &buffer)
        format(&writer)
        writer.finishLine(into: &buffer)
        if buffer.count >= BufferedFile.capacity { flushRecordingFailure() }
    }

    /// Bytes appended by `write` (a whole line and its newline).
    func append(_ write: (inout [UInt8]) -> Void) {
        write(&buffer)
        if buffer.count >= BufferedFile.capacity { flushRecordingFailure() }
    }

    private func flushRecordingFailure() {
        do { try flush() } catch {
            if failure == nil { failure = error }
            buffer.removeAll(keepingCapacity: true)
        }
    }

    func flush() throws {
        guard !buffer.isEmpty, failure == nil else {
            buffer.removeAll(keepingCapacity: true)
            return
        }
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}
