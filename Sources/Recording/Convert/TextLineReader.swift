/// Streams a text file line by line in fixed-size chunks (constant memory), with 1-based line
/// numbers. `\n` and `\r\n` endings; a missing final newline is fine.
final class TextLineReader {
    let path: String
    private let fd: Int32
    private var buffer: [UInt8] = []
    private var start = 0
    private var atEnd = false
    private(set) var lineNumber = 0
    private let chunkSize: Int

    init(path: String, chunkSize: Int = 1 << 16) throws(ConversionError) {
        self.path = path
        self.chunkSize = chunkSize
        do { fd = try FileDescriptor.openForReading(path) } catch {
            throw .cannotRead(path: path, reason: FileDescriptor.lastError())
        }
    }

    deinit { FileDescriptor.close(fd) }

    /// The next line without its ending, nil at the end of the file.
    func next() -> ArraySlice<UInt8>? {
        while true {
            if let newline = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
                var line = buffer[start..<newline]
                start = newline + 1
                if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
                lineNumber += 1
                return line
            }
            if atEnd {
                guard start < buffer.count else { return nil }
                var line = buffer[start...]
                start = buffer.count
                if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
                lineNumber += 1
                return line
            }
            buffer.removeFirst(start)
            start = 0
            let old = buffer.count
            buffer.append(contentsOf: repeatElement(0, count: chunkSize))
            let got = buffer.withUnsafeMutableBytes {
                FileDescriptor.readFully(fd, into: $0.baseAddress! + old, count: chunkSize)
            }
            buffer.removeLast(chunkSize - got)
            if got < chunkSize { atEnd = true }
        }
    }
}
