/// The `type` of a frame, found by one fast pass over its top-level members before the
/// reference decoder parses it (see `SinglePassFrame`).
///
/// Only a plain answer counts: a verbatim string `type` seen once, with `id`, `sid`, `seq` and
/// `msg` each seen at most once, `id`, `sid` and `seq` null or plain integers (Foundation's two
/// parsers read `1.9999` differently: `JSONDecoder` rounds it to an integer, `JSONSerialization`
/// refuses it), and no escaped member name (it might spell one of them).
/// Anything else — duplicates, escapes, malformed JSON, a frame that is not an object — gives no
/// type, and the reference decoder parses and judges the frame as it always did.
struct FrameTypeMembers: JSONMemberVisitor {
    var type: JSONValueSpan?
    private var seen: UInt8 = 0

    mutating func visit(name: JSONValueSpan, reader: inout JSONByteReader, depth: Int) throws(ScanExit) {
        guard name.isVerbatim else { throw .fallBack }
        switch name.length {
        case 2 where reader.matches(name, "id"): try once(1); return try plainInteger(&reader, depth: depth)
        case 3 where reader.matches(name, "sid"): try once(2); return try plainInteger(&reader, depth: depth)
        case 3 where reader.matches(name, "seq"): try once(4); return try plainInteger(&reader, depth: depth)
        case 3 where reader.matches(name, "msg"): try once(8)
        case 4 where reader.matches(name, "type"):
            try once(16)
            let value = try reader.readValue(depth: depth)
            guard value.kind == .string, value.isVerbatim else { throw .fallBack }
            type = value
            return
        default:
            break
        }
        _ = try reader.readValue(depth: depth)
    }

    /// A header integer: `null` or digits only (no fraction, exponent or string).
    private func plainInteger(_ reader: inout JSONByteReader, depth: Int) throws(ScanExit) {
        let value = try reader.readValue(depth: depth)
        guard value.kind == .null || (value.kind == .number && value.isVerbatim) else { throw .fallBack }
    }

    private mutating func once(_ flag: UInt8) throws(ScanExit) {
        guard seen & flag == 0 else { throw .fallBack }
        seen |= flag
    }

    /// The frame's type when the pass gives a plain answer (see above), else nil.
    static func type(of bytes: UnsafeRawBufferPointer) -> String? {
        guard let base = bytes.baseAddress, !bytes.isEmpty, bytes.count < Int32.max else { return nil }
        var reader = JSONByteReader(base: base, count: bytes.count)
        var members = FrameTypeMembers()
        do {
            guard try reader.peek() == ASCII.openBrace else { return nil }
            try reader.readObject(depth: 1, into: &members)
        } catch {
            return nil
        }
        reader.skipWhitespace()
        guard reader.isAtEnd, let type = members.type else { return nil }
        if reader.sawNonASCII, !reader.isValidUTF8 { return nil }
        return reader.string(type)
    }
}
