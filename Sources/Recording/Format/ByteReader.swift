/// Reads little-endian fixed-width values from a verified block payload. Every read is bounds
/// checked against the end of the payload: a record that claims more bytes than its block holds
/// is corrupt, never an out-of-bounds read.

struct ByteReader {
    let base: UnsafeRawPointer
    let end: Int
    var offset: Int

    init(base: UnsafeRawPointer, offset: Int, end: Int) {
        self.base = base
        self.offset = offset
        self.end = end
    }

    @usableFromInline
    struct OutOfBounds: Error {}

    @inline(__always)
    func has(_ count: Int) -> Bool { end &- offset >= count }

    @inline(__always)
    mutating func read<T: FixedWidthInteger>(_: T.Type) throws(OutOfBounds) -> T {
        guard has(MemoryLayout<T>.size) else { throw OutOfBounds() }
        let value = T(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: T.self))
        offset &+= MemoryLayout<T>.size
        return value
    }

    /// Unchecked read: the caller checked `has` for the whole fixed-size record.
    @inline(__always)
    mutating func take<T: FixedWidthInteger>(_: T.Type) -> T {
        let value = T(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: T.self))
        offset &+= MemoryLayout<T>.size
        return value
    }

    mutating func readDouble() throws(OutOfBounds) -> Double { Double(bitPattern: try read(UInt64.self)) }

    mutating func readString() throws(OutOfBounds) -> String {
        let count = Int(try read(UInt32.self))
        guard has(count) else { throw OutOfBounds() }
        let text = String(decoding: UnsafeRawBufferPointer(start: base + offset, count: count), as: UTF8.self)
        offset &+= count
        return text
    }
}
