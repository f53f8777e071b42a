/// A strict RFC 8259 tokenizer over one frame's UTF-8 bytes. It validates everything it passes
/// over and reports where values are (`JSONValueSpan`) instead of building them.
///
/// It accepts a subset of what `JSONSerialization` (the general decoder's parser) accepts, and
/// throws `.fallBack` where the two could judge differently: exponents (Foundation refuses those
/// that overflow a `Double`), numbers longer than 30 characters, `\u` surrogates (Foundation pairs
/// them and refuses lone ones) and nesting deeper than `maxDepth`. One deliberate difference:
/// trailing commas (`[1,]`, `{"a":1,}`), which Foundation tolerates, are malformed here.
package struct JSONByteReader {
    /// Deeper nesting falls back; Foundation's own limit is 512.
    static let maxDepth = 64
    /// Longer numbers fall back, so a number this reader accepts is one Foundation accepts too.
    static let maxNumberLength = 30
    /// An integer this short (sign included) always fits an `Int64`.
    static let maxVerbatimIntegerLength = 18

    package let base: UnsafeRawPointer
    package let count: Int
    package var index: Int
    /// Set when a string held a byte ≥ 0x80; the whole frame is then checked to be valid UTF-8.
    /// (Set by the string readers, here and in `readStringUnescaping`.)
    package var sawNonASCII = false

    package init(base: UnsafeRawPointer, count: Int, index: Int = 0) {
        self.base = base
        self.count = count
        self.index = index
    }

    @inline(__always)
    package func byte(_ offset: Int) -> UInt8 { base.load(fromByteOffset: offset, as: UInt8.self) }

    package var isAtEnd: Bool { index >= count }

    /// Skips JSON whitespace (space, tab, LF, CR: nothing else) and returns the next byte without
    /// consuming it.
    @inline(__always)
    package mutating func peek() throws(ScanExit) -> UInt8 {
        skipWhitespace()
        guard index < count else { throw .malformed("unexpected end of frame") }
        return byte(index)
    }

    @inline(__always)
    package mutating func skipWhitespace() {
        var position = index
        while position < count {
            switch byte(position) {
            case ASCII.space, ASCII.lineFeed, ASCII.carriageReturn, ASCII.tab: position &+= 1
            default:
                index = position
                return
            }
        }
        index = position
    }

    /// Reads any value at `depth` (the depth of the container holding it).
    package mutating func readValue(depth: Int) throws(ScanExit) -> JSONValueSpan {
        let first = try peek()
        let start = index
        switch first {
        case ASCII.quote:
            index &+= 1
            let verbatim = try readStringBody()
            return JSONValueSpan(kind: .string, start: start &+ 1, end: index &- 1, isVerbatim: verbatim)
        case ASCII.openBrace:
            var members = SkippedMembers()
            try readObject(depth: depth &+ 1, into: &members)
            return JSONValueSpan(kind: .object, start: start, end: index, isVerbatim: false)
        case ASCII.openBracket:
            var elements = SkippedElements()
            try readArray(depth: depth &+ 1, into: &elements)
            return JSONValueSpan(kind: .array, start: start, end: index, isVerbatim: false)
        case ASCII.lowerT:
            try readLiteral("true")
            return JSONValueSpan(kind: .boolean, start: start, end: index, isVerbatim: false)
        case ASCII.lowerF:
            try readLiteral("false")
            return JSONValueSpan(kind: .boolean, start: start, end: index, isVerbatim: false)
        case ASCII.lowerN:
            try readLiteral("null")
            return JSONValueSpan(kind: .null, start: start, end: index, isVerbatim: false)
        case ASCII.minus, ASCII.zero...ASCII.nine:
            let integer = try readNumber()
            return JSONValueSpan(kind: .number, start: start, end: index, isVerbatim: integer)
        default:
            throw .malformed("unexpected character where a value should start")
        }
    }

    /// Reads an object from its `{` through its `}`, handing each member's value to `visitor`.
    package mutating func readObject<Visitor: JSONMemberVisitor>(depth: Int, into visitor: inout Visitor) throws(ScanExit) {
        guard depth <= Self.maxDepth else { throw .fallBack }
        index &+= 1
        if try peek() == ASCII.closeBrace {
            index &+= 1
            return
        }
        while true {
            guard try peek() == ASCII.quote else { throw .malformed("expected a member name") }
            index &+= 1
            let nameStart = index
            let verbatim = try readStringBody()
            let name = JSONValueSpan(kind: .string, start: nameStart, end: index &- 1, isVerbatim: verbatim)
            guard try peek() == ASCII.colon else { throw .malformed("expected ':' after a member name") }
            index &+= 1
            try visitor.visit(name: name, reader: &self, depth: depth)
            let separator = try peek()
            index &+= 1
            if separator == ASCII.comma { continue }
            if separator == ASCII.closeBrace { return }
            throw .malformed("expected ',' or '}' after a member")
        }
    }

    /// Reads an array from its `[` through its `]`, handing each element to `visitor`.
    package mutating func readArray<Visitor: JSONElementVisitor>(depth: Int, into visitor: inout Visitor) throws(ScanExit) {
        guard depth <= Self.maxDepth else { throw .fallBack }
        index &+= 1
        if try peek() == ASCII.closeBracket {
            index &+= 1
            return
        }
        var position = 0
        while true {
            try visitor.visit(position: position, reader: &self, depth: depth)
            position &+= 1
            let separator = try peek()
            index &+= 1
            if separator == ASCII.comma { continue }
            if separator == ASCII.closeBracket { return }
            throw .malformed("expected ',' or ']' after an element")
        }
    }

    /// Reads a string's content after its opening quote, through the closing quote.
    /// - Returns: whether the content holds no escape, i.e. its bytes are its value.
    @inline(__always)
    mutating func readStringBody() throws(ScanExit) -> Bool {
        var verbatim = true
        // A local cursor: the loop must not store `index` back to memory on every byte.
        var position = index
        while true {
            // Find the next byte that needs a look, eight bytes at a time where the buffer allows.
            if position &+ 8 <= count {
                let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: position, as: UInt64.self))
                let flags = Self.bytesNeedingALook(word)
                if flags == 0 {
                    position &+= 8
                    continue
                }
                position &+= flags.trailingZeroBitCount &>> 3
            } else {
                guard position < count else {
                    index = position
                    throw .malformed("unterminated string")
                }
                let next = byte(position)
                if next != ASCII.quote && next != ASCII.backslash && next >= 0x20 && next < 0x80 {
                    position &+= 1
                    continue
                }
            }
            let next = byte(position)
            position &+= 1
            if next == ASCII.quote {
                index = position
                return verbatim
            }
            if next == ASCII.backslash {
                verbatim = false
                index = position
                try readEscape()
                position = index
            } else if next < 0x20 {
                index = position
                throw .malformed("unescaped control character in a string")
            } else {
                sawNonASCII = true
            }
        }
    }

    /// Flags (high bit of the byte) the bytes of a little-endian word that are a quote, a backslash,
    /// a control character or non-ASCII. Bytes above the first flagged one may be flagged wrongly
    /// (borrows propagate upwards); the first flagged byte is always right.
    @inline(__always)
    static func bytesNeedingALook(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let quotes = word ^ (ones &* UInt64(ASCII.quote))
        let backslashes = word ^ (ones &* UInt64(ASCII.backslash))
        // (x - 1) & ~x has a byte's high bit set where that byte of x is zero (the classic test);
        // x - 0x20 sets it below 0x20 (and from 0xA0); x itself sets it from 0x80.
        let flags =
            ((quotes &- ones) & ~quotes) | ((backslashes &- ones) & ~backslashes) | (word &- ones &* 0x20) | word
        return flags & (ones &* 0x80)
    }

    /// Reads what follows a backslash.
    mutating func readEscape() throws(ScanExit) {
        guard index < count else { throw .malformed("unterminated string") }
        let escaped = byte(index)
        index &+= 1
        switch escaped {
        case ASCII.quote, ASCII.backslash, ASCII.slash, ASCII.lowerB, ASCII.lowerF, ASCII.lowerN, ASCII.lowerR, ASCII.lowerT:
            return
        case ASCII.lowerU:
            guard count &- index >= 4 else { throw .malformed("truncated \\u escape") }
            var scalar: UInt32 = 0
            for _ in 0..<4 {
                guard let digit = Self.hexValue(byte(index)) else { throw .malformed("invalid \\u escape") }
                scalar = scalar << 4 | digit
                index &+= 1
            }
            if (0xD800...0xDFFF).contains(scalar) { throw .fallBack }
        default:
            throw .malformed("invalid escape in a string")
        }
    }

    @inline(__always)
    static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte &- UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(byte &- UInt8(ascii: "a") &+ 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(byte &- UInt8(ascii: "A") &+ 10)
        default: return nil
        }
    }

    @inline(__always)
    func isDigit(at offset: Int) -> Bool { offset < count && byte(offset) &- ASCII.zero < 10 }

    /// Reads `-?(0|[1-9][0-9]*)(\.[0-9]+)?`; an exponent falls back.
    /// - Returns: whether the number is a verbatim integer (see `JSONValueSpan.isVerbatim`).
    mutating func readNumber() throws(ScanExit) -> Bool {
        let start = index
        if byte(index) == ASCII.minus { index &+= 1 }
        guard index < count else { throw .malformed("truncated number") }
        let lead = byte(index)
        if lead == ASCII.zero {
            index &+= 1
        } else if lead > ASCII.zero && lead <= ASCII.nine {
            repeat { index &+= 1 } while isDigit(at: index)
        } else {
            throw .malformed("invalid number")
        }
        var isInteger = true
        if index < count && byte(index) == ASCII.dot {
            isInteger = false
            index &+= 1
            guard isDigit(at: index) else { throw .malformed("invalid number") }
            repeat { index &+= 1 } while isDigit(at: index)
        }
        if index < count && (byte(index) == ASCII.lowerE || byte(index) == ASCII.upperE) { throw .fallBack }
        let length = index &- start
        guard length <= Self.maxNumberLength else { throw .fallBack }
        return isInteger && length <= Self.maxVerbatimIntegerLength
    }

    mutating func readLiteral(_ literal: StaticString) throws(ScanExit) {
        let length = literal.utf8CodeUnitCount
        guard count &- index >= length else { throw .malformed("truncated literal") }
        let expected = literal.utf8Start
        for offset in 0..<length where byte(index &+ offset) != expected[offset] {
            throw .malformed("invalid literal")
        }
        index &+= length
    }
}
