import KalshiAPI
import KalshiCore

// The signal feeds' fast paths (`CryptoComFastPath`, `CoinbaseFastPath`) read frames with
// Kalshi's tokenizer (`JSONByteReader`) through these helpers, under the rules of the tree
// decoders they stand in for (`JSONField`): absent or `null` is missing, and anything those
// decoders would refuse, or might read differently, falls back to them (`ScanExit.fallBack`).

/// An object's members as located: plain ASCII names (a non-ASCII name could equal a used
/// one under Swift's string comparison), each looked up by its exact bytes.
struct FastMembers: JSONMemberVisitor {
    /// (name, value) in frame order: one array, one allocation per object.
    var members: [(name: JSONValueSpan, value: JSONValueSpan)] = []
    let reader: JSONByteReader

    /// Reads the object at the reader's position (validating all of it).
    static func read(_ reader: inout JSONByteReader, depth: Int) throws(ScanExit) -> FastMembers {
        var members = FastMembers(reader: reader)
        try reader.readObject(depth: depth, into: &members)
        return members
    }

    mutating func visit(name: JSONValueSpan, reader: inout JSONByteReader, depth: Int) throws(ScanExit) {
        guard name.isVerbatim else { throw .fallBack }
        for offset in name.start..<name.end where reader.byte(offset) >= 0x80 { throw .fallBack }
        members.append((name, try reader.readValue(depth: depth)))
    }

    /// The member `key`'s value; a key present twice falls back (the reference keeps the last).
    func value(_ key: StaticString) throws(ScanExit) -> JSONValueSpan? {
        var found: JSONValueSpan?
        for member in members where reader.matches(member.name, key) {
            guard found == nil else { throw .fallBack }
            found = member.value
        }
        return found
    }
}

/// An array's elements as located.
struct FastElements: JSONElementVisitor {
    var values: [JSONValueSpan] = []

    mutating func visit(position: Int, reader: inout JSONByteReader, depth: Int) throws(ScanExit) {
        values.append(try reader.readValue(depth: depth))
    }
}

/// The first three elements of an array and how many it has: a book level `[price, size,
/// count]` read without an array of its own.
struct FastLevelParts: JSONElementVisitor {
    var count = 0
    var first: JSONValueSpan?
    var second: JSONValueSpan?
    var third: JSONValueSpan?

    mutating func visit(position: Int, reader: inout JSONByteReader, depth: Int) throws(ScanExit) {
        let value = try reader.readValue(depth: depth)
        switch position {
        case 0: first = value
        case 1: second = value
        case 2: third = value
        default: break
        }
        count += 1
    }
}

/// Typed reads with the reference's rules (`JSONField`): absent or `null` is missing, and
/// anything the reference would refuse, or might read differently, falls back.
struct FastValues {
    let reader: JSONByteReader

    /// Runs `body` on a reader over the text's UTF-8 bytes (read in place); nil for empty text.
    static func withReader<Result>(_ text: String, _ body: (JSONByteReader) -> Result?) -> Result? {
        var text = text
        return text.withUTF8 { bytes -> Result? in
            guard let base = bytes.baseAddress, !bytes.isEmpty, bytes.count < Int32.max else { return nil }
            return body(JSONByteReader(base: UnsafeRawPointer(base), count: bytes.count))
        }
    }

    /// The whole frame validated as one top-level object (valid UTF-8, nothing after it) and its
    /// members located.
    static func document(_ start: JSONByteReader) throws(ScanExit) -> (FastValues, FastMembers) {
        var reader = start
        guard try reader.peek() == UInt8(ascii: "{") else { throw .fallBack }
        let root = try FastMembers.read(&reader, depth: 1)
        reader.skipWhitespace()
        guard reader.isAtEnd else { throw .fallBack }
        if reader.sawNonASCII, !reader.isValidUTF8 { throw .fallBack }
        return (FastValues(reader: reader), root)
    }

    func required(_ span: JSONValueSpan?) throws(ScanExit) -> JSONValueSpan {
        guard let span, span.kind != .null else { throw .fallBack }
        return span
    }

    func members(_ span: JSONValueSpan) throws(ScanExit) -> FastMembers {
        guard span.kind == .object else { throw .fallBack }
        var nested = JSONByteReader(base: reader.base, count: reader.count, index: span.start)
        return try FastMembers.read(&nested, depth: 2)
    }

    func members(_ span: JSONValueSpan?) throws(ScanExit) -> FastMembers { try members(try required(span)) }

    func elements(_ span: JSONValueSpan?) throws(ScanExit) -> [JSONValueSpan] {
        let span = try required(span)
        guard span.kind == .array else { throw .fallBack }
        var nested = JSONByteReader(base: reader.base, count: reader.count, index: span.start)
        var elements = FastElements()
        try nested.readArray(depth: 2, into: &elements)
        return elements.values
    }

    func string(_ span: JSONValueSpan?) throws(ScanExit) -> String {
        let span = try required(span)
        guard span.kind == .string, span.isVerbatim else { throw .fallBack }
        return reader.string(span)
    }

    func optionalString(_ span: JSONValueSpan?) throws(ScanExit) -> String? {
        guard JSONValueSpan.isPresent(span) else { return nil }
        return try string(span)
    }

    /// A string's value or a number's text, as the reference's `numericText`.
    func numericText(_ span: JSONValueSpan) throws(ScanExit) -> String {
        switch span.kind {
        case .string:
            guard span.isVerbatim else { throw .fallBack }
            return reader.string(span)
        case .number:
            return reader.string(span)
        default:
            throw .fallBack
        }
    }

    func int64(_ span: JSONValueSpan?) throws(ScanExit) -> Int64 {
        guard let value = Int64(try numericText(try required(span))) else { throw .fallBack }
        return value
    }

    func optionalInt64(_ span: JSONValueSpan?) throws(ScanExit) -> Int64? {
        guard JSONValueSpan.isPresent(span) else { return nil }
        return try int64(span)
    }

    func epochMs(_ span: JSONValueSpan?) throws(ScanExit) -> Int64 {
        let value = try int64(span)
        guard EpochMilliseconds.plausible.contains(value) else { throw .fallBack }
        return value
    }

    func money(_ span: JSONValueSpan?) throws(ScanExit) -> Money {
        let text = try numericText(try required(span))
        guard let micros = try? SignalDecimal.scaled(text, scale: Money.decimals, field: "") else { throw .fallBack }
        return Money(micros: micros)
    }

    func optionalMoney(_ span: JSONValueSpan?) throws(ScanExit) -> Money? {
        guard JSONValueSpan.isPresent(span) else { return nil }
        return try money(span)
    }

    func amount(_ span: JSONValueSpan?) throws(ScanExit) -> AssetAmount {
        let text = try numericText(try required(span))
        guard let units = try? SignalDecimal.scaled(text, scale: AssetAmount.decimals, field: "") else { throw .fallBack }
        return AssetAmount(units: units)
    }

    func optionalAmount(_ span: JSONValueSpan?) throws(ScanExit) -> AssetAmount? {
        guard JSONValueSpan.isPresent(span) else { return nil }
        return try amount(span)
    }

    func int(_ span: JSONValueSpan) throws(ScanExit) -> Int {
        guard let value = Int(exactly: try int64(span)) else { throw .fallBack }
        return value
    }

    /// `[price, size, count?]` levels; absent or `null` is no levels.
    func levels(_ span: JSONValueSpan?) throws(ScanExit) -> [CryptoComLevel] {
        guard JSONValueSpan.isPresent(span) else { return [] }
        var levels: [CryptoComLevel] = []
        for entry in try elements(span) {
            guard entry.kind == .array else { throw .fallBack }
            var nested = JSONByteReader(base: reader.base, count: reader.count, index: entry.start)
            var parts = FastLevelParts()
            try nested.readArray(depth: 2, into: &parts)
            guard parts.count >= 2, let price = parts.first, let size = parts.second else { throw .fallBack }
            let orders = try parts.third.map { span throws(ScanExit) in try int(span) }
            levels.append(CryptoComLevel(price: try money(price), size: try amount(size), orders: orders))
        }
        return levels
    }
}
