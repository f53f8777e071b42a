/// The checksum of a block's payload: 64 bits, four independent lanes of 8-byte words (so the
/// multiplies do not wait on each other), each step `h = (h ^ word) × odd; h ^= h >> 29`.
/// Each step is a bijection of the lane for a fixed word and of the word for a fixed lane, so a
/// change confined to one 8-byte word is always detected; wider damage slips through with a
/// probability near 2⁻⁶⁴. Not cryptographic: it guards against torn writes and bit rot.
public enum BlockChecksum {
    @usableFromInline static let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15
    @usableFromInline static let seeds: (UInt64, UInt64, UInt64, UInt64) = (
        0x243F_6A88_85A3_08D3, 0x1319_8A2E_0370_7344, 0xA409_3822_299F_31D0, 0x082E_FA98_EC4E_6C89
    )

    public static func compute(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var (a, b, c, d) = seeds
        let count = bytes.count
        var offset = 0
        guard let base = bytes.baseAddress else { return finish(a, b, c, d, count: 0) }
        @inline(__always) func step(_ lane: UInt64, _ word: UInt64) -> UInt64 {
            let mixed = (lane ^ word) &* multiplier
            return mixed ^ (mixed >> 29)
        }
        while offset + 32 <= count {
            a = step(a, UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
            b = step(b, UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self)))
            c = step(c, UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset + 16, as: UInt64.self)))
            d = step(d, UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset + 24, as: UInt64.self)))
            offset += 32
        }
        while offset + 8 <= count {
            a = step(a, UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
            offset += 8
        }
        if offset < count {
            var tail: UInt64 = 0
            for index in 0..<(count - offset) {
                tail |= UInt64(base.load(fromByteOffset: offset + index, as: UInt8.self)) << (8 * index)
            }
            b = step(b, tail)
        }
        return finish(a, b, c, d, count: count)
    }

    public static func compute(_ bytes: [UInt8]) -> UInt64 {
        bytes.withUnsafeBytes { compute($0) }
    }

    private static func finish(_ a: UInt64, _ b: UInt64, _ c: UInt64, _ d: UInt64, count: Int) -> UInt64 {
        var hash = UInt64(count) &* multiplier
        for lane in [a, b, c, d] {
            hash = (hash ^ lane) &* multiplier
            hash ^= hash >> 31
        }
        return hash
    }
}
