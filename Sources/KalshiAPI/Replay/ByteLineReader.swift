#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a file's lines as bytes, in place: one `read` per megabyte, `memchr` for the line ends,
/// and each line handed out as a view into the reader's own buffer (no `String`, `Data` or array
/// per line). Accepts `\n` and `\r\n` endings; a last line without an ending counts. A line longer
/// than the buffer grows it, so any line length works in memory proportional to the longest line.
public final class ByteLineReader {
    public let path: String
    /// The 1-based number of the line `next()` returned last.
    public private(set) var lineNumber = 0
    /// Set when reading failed part-way (the lines before it were returned): callers report it.
    public private(set) var failure: String?
    private let fd: Int32
    private var buffer: UnsafeMutableRawBufferPointer
    /// The unread bytes are `buffer[start..<filled]`.
    private var start = 0
    private var filled = 0
    private var atEnd = false

    public init(path: String, chunkSize: Int = 1 << 20) throws(ByteLineReaderError) {
        self.path = path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ByteLineReaderError(path: path, reason: Self.lastError()) }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            Self.close(fd)
            throw ByteLineReaderError(path: path, reason: "is a directory")
        }
        self.fd = fd
        buffer = .allocate(byteCount: max(chunkSize, 64), alignment: 16)
    }

    deinit {
        buffer.deallocate()
        Self.close(fd)
    }

    /// The next line without its ending, nil at the end of the file (or at a read failure, see
    /// `failure`). The bytes stay valid until the next call.
    public func next() -> UnsafeRawBufferPointer? {
        var searchFrom = start
        while true {
            let base = buffer.baseAddress!
            if filled > searchFrom, let found = memchr(base + searchFrom, Int32(UInt8(ascii: "\n")), filled - searchFrom) {
                let newline = base.distance(to: UnsafeMutableRawPointer(found))
                return take(upTo: newline, skipping: 1)
            }
            if atEnd {
                // After a read error the unread bytes are a fragment, not a line.
                guard failure == nil, start < filled else { return nil }
                return take(upTo: filled, skipping: 0)
            }
            // The unread bytes hold no line end; `refill` may move them to the front.
            let searched = filled - start
            refill()
            searchFrom = start + searched
        }
    }

    private func take(upTo end: Int, skipping ending: Int) -> UnsafeRawBufferPointer {
        var lineEnd = end
        if lineEnd > start, buffer[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
        let line = UnsafeRawBufferPointer(rebasing: buffer[start..<lineEnd])
        start = end + ending
        lineNumber += 1
        return line
    }

    /// Moves the unread bytes to the front (growing the buffer when they fill it) and reads more.
    private func refill() {
        let unread = filled - start
        if start > 0 {
            if unread > 0 { memmove(buffer.baseAddress!, buffer.baseAddress! + start, unread) }
            start = 0
            filled = unread
        }
        if filled == buffer.count {
            let larger = UnsafeMutableRawBufferPointer.allocate(byteCount: buffer.count * 2, alignment: 16)
            larger.copyMemory(from: UnsafeRawBufferPointer(rebasing: buffer[0..<filled]))
            buffer.deallocate()
            buffer = larger
        }
        while true {
            let got = read(fd, buffer.baseAddress! + filled, buffer.count - filled)
            if got > 0 {
                filled += got
                return
            }
            if got < 0, errno == EINTR { continue }
            if got < 0 { failure = Self.lastError() }
            atEnd = true
            return
        }
    }

    private static func lastError() -> String { String(cString: strerror(errno)) }

    private static func close(_ fd: Int32) {
        #if canImport(Glibc)
            _ = Glibc.close(fd)
        #elseif canImport(Musl)
            _ = Musl.close(fd)
        #else
            _ = Darwin.close(fd)
        #endif
    }
}

/// A file that cannot be read as lines, with the system's reason.
public struct ByteLineReaderError: Error, Equatable, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "cannot read '\(path)': \(reason)" }
}
