/// Appends little-endian fixed-width values to a byte array: the encoding side of the format.
struct ByteWriter {
    var bytes: [UInt8] = []

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    @inline(__always)
    mutating func put<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    @inline(__always)
    mutating func put(_ value: Double) { put(value.bitPattern) }

    mutating func put(bytes other: some Collection<UInt8>) { bytes.append(contentsOf: other) }

    /// A length-prefixed (u32) byte string.
    mutating func putString(_ text: String) {
        var copy = text
        copy.withUTF8 { utf8 in
            put(UInt32(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    /// Overwrites 4 bytes at `offset` (a length filled in after the body).
    mutating func patch(_ value: UInt32, at offset: Int) {
        withUnsafeBytes(of: value.littleEndian) { raw in
            for index in 0..<4 { bytes[offset + index] = raw[index] }
        }
    }

    mutating func removeAll() { bytes.removeAll(keepingCapacity: true) }
}
