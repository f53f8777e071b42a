import Recording

func load32(_ bytes: [UInt8], _ at: Int) -> Int {
    Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16 | Int(bytes[at + 3]) << 24
}

func store64(_ value: UInt64, _ bytes: inout [UInt8], _ at: Int) {
    for index in 0..<8 { bytes[at + index] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(index))) }
}

func checksum(_ bytes: [UInt8], _ range: Range<Int>) -> UInt64 {
    bytes.withUnsafeBytes { BlockChecksum.compute(UnsafeRawBufferPointer(rebasing: $0[range])) }
}

/// Writes the right checksum after the header JSON and into each block header that fits.
public func repairChecksums(_ bytes: inout [UInt8]) {
    let fixed = RecordingLayout.fileHeaderFixedSize
    guard bytes.count >= fixed, bytes.starts(with: RecordingLayout.magic) else { return }
    let length = load32(bytes, 8)
    guard fixed + length + 8 <= bytes.count else { return }
    store64(checksum(bytes, fixed..<fixed + length), &bytes, fixed + length)
    var offset = fixed + length + 8
    let headerSize = RecordingLayout.blockHeaderSize
    while offset + headerSize <= bytes.count, load32(bytes, offset) == Int(RecordingLayout.blockMagic) {
        let payload = load32(bytes, offset + 4)
        guard offset + headerSize + payload <= bytes.count else { return }
        store64(checksum(bytes, offset + headerSize..<offset + headerSize + payload), &bytes, offset + 16)
        offset += headerSize + payload
    }
}
