/// Reads a recording as a stream of records, one block in memory at a time (memory is flat in
/// the recording's length). Each block's checksum is verified before any of its records is
/// delivered, so every record returned is one the writer wrote. The first bad block ends the
/// stream with an error naming its byte offset; the records before it were all delivered, and
/// the file truncated at that offset is a valid recording.
///
/// One owner at a time (not `Sendable`).
public final class RecordingReader {
    public let path: String
    public let header: RecordingHeader
    /// Size of the file when it was opened.
    public let fileSize: Int64
    /// Bytes consumed so far: everything before the current block's end (for progress).
    public private(set) var offset: Int64
    /// Where the last verified block ends: the file cut here is a valid recording.
    public private(set) var validPrefix: Int64
    @exclusivity(unchecked) public private(set) var recordsRead = 0

    // The per-record state is only touched by `next()` on the owner's task: unchecked
    // exclusivity keeps the hot path free of runtime access tracking.
    private let fd: Int32
    @exclusivity(unchecked) private var buffer: UnsafeMutableRawPointer
    private var capacity: Int
    @exclusivity(unchecked) private var cursor = 0
    @exclusivity(unchecked) private var payloadEnd = 0
    @exclusivity(unchecked) private var blockRecordsLeft = 0
    private var blockStart: Int64 = 0
    private var recordsBeforeBlock = 0
    private var failure: RecordingError?

    public init(path: String) throws(RecordingError) {
        self.path = path
        fd = try FileDescriptor.openForReading(path)
        fileSize = FileDescriptor.size(fd)
        capacity = RecordingLayout.blockPayloadTarget + 64 * 1024
        buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        do {
            let (header, headerEnd) = try RecordingReader.readHeader(fd: fd, path: path, buffer: &buffer, capacity: &capacity)
            self.header = header
            offset = headerEnd
            validPrefix = headerEnd
        } catch {
            buffer.deallocate()
            FileDescriptor.close(fd)
            throw error
        }
    }

    deinit {
        buffer.deallocate()
        FileDescriptor.close(fd)
    }

    /// The next record, nil at the end of the file.
    public func next() throws(RecordingError) -> Record? {
        if blockRecordsLeft == 0 {
            if let failure { throw failure }
            guard try loadBlock() else { return nil }
        }
        var reader = ByteReader(base: UnsafeRawPointer(buffer), offset: cursor, end: payloadEnd)
        do {
            let record = try RecordCodec.decode(&reader)
            cursor = reader.offset
            blockRecordsLeft -= 1
            recordsRead += 1
            if blockRecordsLeft == 0, cursor != payloadEnd {
                fail(
                    .corrupt(
                        offset: blockStart,
                        detail: "the block's records end \(payloadEnd - cursor) bytes before its payload does",
                        validRecords: recordsBeforeBlock))
            }
            return record
        } catch {
            let recordOffset = blockStart + Int64(RecordingLayout.blockHeaderSize + cursor)
            throw fail(
                .corrupt(
                    offset: blockStart, detail: "record at byte \(recordOffset): \(error.detail)",
                    validRecords: recordsBeforeBlock))
        }
    }

    @discardableResult
    private func fail(_ error: RecordingError) -> RecordingError {
        failure = error
        blockRecordsLeft = 0
        return error
    }

    /// Loads and verifies the next block; false at a clean end of file.
    private func loadBlock() throws(RecordingError) -> Bool {
        blockStart = offset
        validPrefix = offset
        recordsBeforeBlock = recordsRead
        let headerSize = RecordingLayout.blockHeaderSize
        let got = FileDescriptor.readFully(fd, into: buffer, count: headerSize)
        if got == 0 { return false }
        guard got == headerSize else {
            throw fail(
                .truncated(
                    offset: blockStart, detail: "the file ends \(got) bytes into a block header of \(headerSize) bytes",
                    validRecords: recordsRead))
        }
        let magic = buffer.loadUnaligned(fromByteOffset: 0, as: UInt32.self).littleEndian
        let length = Int(buffer.loadUnaligned(fromByteOffset: 4, as: UInt32.self).littleEndian)
        let count = Int(buffer.loadUnaligned(fromByteOffset: 8, as: UInt32.self).littleEndian)
        let checksum = buffer.loadUnaligned(fromByteOffset: 16, as: UInt64.self).littleEndian
        guard magic == RecordingLayout.blockMagic else {
            throw fail(
                .corrupt(
                    offset: blockStart, detail: "no block starts here (tag 0x\(String(magic, radix: 16)))",
                    validRecords: recordsRead))
        }
        guard length <= RecordingLayout.maximumBlockPayload, count > 0, count <= length else {
            throw fail(
                .corrupt(
                    offset: blockStart, detail: "impossible block of \(length) bytes holding \(count) records",
                    validRecords: recordsRead))
        }
        if length > capacity {
            buffer.deallocate()
            capacity = length
            buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        }
        let payload = FileDescriptor.readFully(fd, into: buffer, count: length)
        guard payload == length else {
            throw fail(
                .truncated(
                    offset: blockStart, detail: "the file ends \(payload) bytes into a block of \(length) bytes",
                    validRecords: recordsRead))
        }
        guard BlockChecksum.compute(UnsafeRawBufferPointer(start: buffer, count: length)) == checksum else {
            throw fail(
                .corrupt(
                    offset: blockStart, detail: "the block's checksum does not match its \(length) bytes",
                    validRecords: recordsRead))
        }
        offset = blockStart + Int64(headerSize + length)
        cursor = 0
        payloadEnd = length
        blockRecordsLeft = count
        return true
    }

    private static func readHeader(
        fd: Int32, path: String, buffer: inout UnsafeMutableRawPointer, capacity: inout Int
    ) throws(RecordingError) -> (RecordingHeader, Int64) {
        let fixed = RecordingLayout.fileHeaderFixedSize
        let got = FileDescriptor.readFully(fd, into: buffer, count: fixed)
        let magic = RecordingLayout.magic
        let seen = (0..<min(got, magic.count)).map { buffer.load(fromByteOffset: $0, as: UInt8.self) }
        guard seen == Array(magic.prefix(seen.count)) else {
            throw .notARecording(path: path, reason: "it does not start with the recording tag \"KTRECv1\"")
        }
        guard got == fixed else {
            throw .truncated(offset: 0, detail: "the file ends \(got) bytes into the \(fixed)-byte file header", validRecords: 0)
        }
        let length = Int(buffer.loadUnaligned(fromByteOffset: 8, as: UInt32.self).littleEndian)
        guard length <= RecordingLayout.maximumHeaderLength else {
            throw .corrupt(offset: 0, detail: "header length \(length) is impossible", validRecords: 0)
        }
        if length + 8 > capacity {
            buffer.deallocate()
            capacity = length + 8
            buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        }
        let body = FileDescriptor.readFully(fd, into: buffer, count: length + 8)
        guard body == length + 8 else {
            throw .truncated(offset: 0, detail: "the file ends inside its \(length)-byte header", validRecords: 0)
        }
        let json = Array(UnsafeRawBufferPointer(start: buffer, count: length))
        let checksum = buffer.loadUnaligned(fromByteOffset: length, as: UInt64.self).littleEndian
        guard BlockChecksum.compute(json) == checksum else {
            throw .corrupt(offset: 0, detail: "the header's checksum does not match", validRecords: 0)
        }
        let header = try RecordingHeader.decode(json)
        guard header.format == RecordingHeader.formatName else {
            throw .notARecording(path: path, reason: "header format is '\(header.format)'")
        }
        guard header.version == RecordingHeader.currentVersion else { throw .unsupportedVersion(header.version) }
        return (header, Int64(fixed + length + 8))
    }

    /// True when the file starts with the recording tag (converters use it to tell recordings
    /// from other inputs).
    public static func isRecording(path: String) -> Bool {
        guard let fd = try? FileDescriptor.openForReading(path) else { return false }
        defer { FileDescriptor.close(fd) }
        var bytes = [UInt8](repeating: 0, count: RecordingLayout.magic.count)
        let got = bytes.withUnsafeMutableBytes { FileDescriptor.readFully(fd, into: $0.baseAddress!, count: $0.count) }
        return got == bytes.count && bytes == RecordingLayout.magic
    }
}
