extension JSONByteReader {
    /// Reads a string's content after its opening quote, through the closing quote, writing its
    /// value (escapes resolved, UTF-8) to `output` in the same pass: a capture's `raw` frame is
    /// mostly `\"`, so validating it and then unescaping it would walk it twice.
    ///
    /// `output` must hold at least the rest of the input plus 8 bytes (whole words are stored
    /// ahead of the cursor). Judges exactly as `readStringBody` does.
    /// - Returns: the number of bytes written.
    mutating func readStringUnescaping(into output: UnsafeMutableRawBufferPointer) throws(ScanExit) -> Int {
        precondition(output.count >= count &- index &+ 8, "the unescaping buffer is too small")
        let out = output.baseAddress!
        var position = index
        var written = 0
        while true {
            if position &+ 8 <= count {
                let word = base.loadUnaligned(fromByteOffset: position, as: UInt64.self)
                // Stored whole: the bytes past the first that needs a look are overwritten later.
                out.storeBytes(of: word, toByteOffset: written, as: UInt64.self)
                let flags = Self.bytesNeedingALook(UInt64(littleEndian: word))
                if flags == 0 {
                    position &+= 8
                    written &+= 8
                    continue
                }
                let plain = flags.trailingZeroBitCount &>> 3
                position &+= plain
                written &+= plain
            } else {
                guard position < count else {
                    index = position
                    throw .malformed("unterminated string")
                }
                let next = byte(position)
                if next != ASCII.quote && next != ASCII.backslash && next >= 0x20 && next < 0x80 {
                    out.storeBytes(of: next, toByteOffset: written, as: UInt8.self)
                    position &+= 1
                    written &+= 1
                    continue
                }
            }
            let next = byte(position)
            position &+= 1
            if next == ASCII.quote {
                index = position
                return written
            }
            if next == ASCII.backslash {
                // `\"` is nearly every escape of a captured frame: handled here, without a call.
                if position < count, byte(position) == ASCII.quote {
                    out.storeBytes(of: ASCII.quote, toByteOffset: written, as: UInt8.self)
                    written &+= 1
                    position &+= 1
                    continue
                }
                index = position
                written = try readEscape(writingTo: out, at: written)
                position = index
            } else if next < 0x20 {
                index = position
                throw .malformed("unescaped control character in a string")
            } else {
                sawNonASCII = true
                out.storeBytes(of: next, toByteOffset: written, as: UInt8.self)
                written &+= 1
            }
        }
    }

    /// `readEscape`, writing what the escape stands for; returns the new write offset.
    private mutating func readEscape(writingTo out: UnsafeMutableRawPointer, at offset: Int) throws(ScanExit) -> Int {
        guard index < count else { throw .malformed("unterminated string") }
        let escaped = byte(index)
        let single: UInt8
        switch escaped {
        case ASCII.quote, ASCII.backslash, ASCII.slash: single = escaped
        case ASCII.lowerB: single = 0x08
        case ASCII.lowerF: single = 0x0C
        case ASCII.lowerN: single = ASCII.lineFeed
        case ASCII.lowerR: single = ASCII.carriageReturn
        case ASCII.lowerT: single = ASCII.tab
        case ASCII.lowerU:
            try readEscape()
            var scalar: UInt32 = 0
            for offset in index &- 4..<index { scalar = scalar << 4 | (Self.hexValue(byte(offset)) ?? 0) }
            return Self.storeUTF8(scalar, to: out, at: offset)
        default:
            throw .malformed("invalid escape in a string")
        }
        index &+= 1
        out.storeBytes(of: single, toByteOffset: offset, as: UInt8.self)
        return offset &+ 1
    }

    /// A scalar below U+10000 that is not a surrogate (`readEscape` falls back on those) as UTF-8;
    /// at most 3 bytes, never more than its 6-byte escape.
    private static func storeUTF8(_ scalar: UInt32, to out: UnsafeMutableRawPointer, at offset: Int) -> Int {
        func put(_ byte: UInt32, _ at: Int) { out.storeBytes(of: UInt8(truncatingIfNeeded: byte), toByteOffset: at, as: UInt8.self) }
        switch scalar {
        case 0..<0x80:
            put(scalar, offset)
            return offset &+ 1
        case 0x80..<0x800:
            put(0xC0 | scalar >> 6, offset)
            put(0x80 | scalar & 0x3F, offset &+ 1)
            return offset &+ 2
        default:
            put(0xE0 | scalar >> 12, offset)
            put(0x80 | scalar >> 6 & 0x3F, offset &+ 1)
            put(0x80 | scalar & 0x3F, offset &+ 2)
            return offset &+ 3
        }
    }
}
