/// Appends records to a recording file, streamed: records collect in one block of about 64 KiB,
/// written with a single `write` when full or on `flush()`, so memory stays flat whatever the
/// length and a crash loses at most the unflushed block (the file keeps a valid prefix).
///
/// One owner at a time (not `Sendable`): the recording session and the converters use it from
/// a single task.
public final class RecordingWriter {
    public let path: String
    public let header: RecordingHeader
    private var fd: Int32
    private var block = ByteWriter(capacity: RecordingLayout.blockHeaderSize + RecordingLayout.blockPayloadTarget + 4_096)
    private var blockRecords = 0
    public private(set) var recordsWritten = 0
    public private(set) var bytesWritten: Int64 = 0

    public init(path: String, header: RecordingHeader) throws(RecordingError) {
        self.path = path
        self.header = header
        fd = try FileDescriptor.createForWriting(path)
        var start = ByteWriter()
        let json = header.encoded()
        start.put(bytes: RecordingLayout.magic)
        start.put(UInt32(json.count))
        start.put(UInt32(0))
        start.put(bytes: json)
        start.put(BlockChecksum.compute(json))
        try write(start.bytes)
        startBlock()
    }

    deinit {
        if fd >= 0 {
            try? flush()
            FileDescriptor.close(fd)
        }
    }

    public func append(_ record: Record) throws(RecordingError) {
        RecordCodec.encode(record, into: &block)
        blockRecords += 1
        recordsWritten += 1
        if block.bytes.count - RecordingLayout.blockHeaderSize >= RecordingLayout.blockPayloadTarget { try flush() }
    }

    public func append(_ timeMs: Int64, _ event: RecordedEvent) throws(RecordingError) {
        try append(Record(timeMs: timeMs, event))
    }

    /// Writes the records collected so far as one block.
    public func flush() throws(RecordingError) {
        guard blockRecords > 0 else { return }
        let payloadLength = block.bytes.count - RecordingLayout.blockHeaderSize
        let checksum = block.bytes.withUnsafeBytes {
            BlockChecksum.compute(UnsafeRawBufferPointer(rebasing: $0[RecordingLayout.blockHeaderSize...]))
        }
        block.patch(RecordingLayout.blockMagic, at: 0)
        block.patch(UInt32(payloadLength), at: 4)
        block.patch(UInt32(blockRecords), at: 8)
        block.patch(0, at: 12)
        block.patch(UInt32(truncatingIfNeeded: checksum), at: 16)
        block.patch(UInt32(truncatingIfNeeded: checksum >> 32), at: 20)
        try write(block.bytes)
        startBlock()
    }

    /// Flushes and closes; the file is complete.
    public func close() throws(RecordingError) {
        guard fd >= 0 else { return }
        try flush()
        FileDescriptor.sync(fd)
        FileDescriptor.close(fd)
        fd = -1
    }

    private func startBlock() {
        block.removeAll()
        for _ in 0..<RecordingLayout.blockHeaderSize { block.put(UInt8(0)) }
        blockRecords = 0
    }

    private func write(_ bytes: [UInt8]) throws(RecordingError) {
        guard fd >= 0 else { throw .cannotWrite(path: path, reason: "the recording is closed") }
        let ok = bytes.withUnsafeBytes { FileDescriptor.writeFully(fd, $0) }
        guard ok else { throw .cannotWrite(path: path, reason: FileDescriptor.lastError()) }
        bytesWritten += Int64(bytes.count)
    }
}
