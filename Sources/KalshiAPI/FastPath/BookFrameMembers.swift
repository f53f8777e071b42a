/// The top-level members of a book frame, located in one pass over the frame.
///
/// Keys may come in any order. A second occurrence of a key the fast path uses falls back
/// (Foundation keeps the last one), as does an escaped member name (it might spell one of these).
struct BookFrameMembers: JSONMemberVisitor {
    enum Kind { case delta, snapshot }

    var kind: Kind?
    var id: JSONValueSpan?
    var sid: JSONValueSpan?
    var seq: JSONValueSpan?
    var msg: JSONValueSpan?
    var message = BookMessageMembers()

    mutating func visit(name: JSONValueSpan, reader: inout JSONByteReader, depth: Int) throws(ScanExit) {
        guard name.isVerbatim else { throw .fallBack }
        switch name.length {
        case 2 where reader.matches(name, "id"): try reader.record(into: &id, depth: depth)
        case 3 where reader.matches(name, "sid"): try reader.record(into: &sid, depth: depth)
        case 3 where reader.matches(name, "seq"): try reader.record(into: &seq, depth: depth)
        case 3 where reader.matches(name, "msg"):
            guard msg == nil else { throw .fallBack }
            if try reader.peek() == ASCII.openBrace {
                let start = reader.index
                try reader.readObject(depth: depth &+ 1, into: &message)
                msg = JSONValueSpan(kind: .object, start: start, end: reader.index, isVerbatim: false)
            } else {
                msg = try reader.readValue(depth: depth)
            }
        case 4 where reader.matches(name, "type"):
            guard kind == nil else { throw .fallBack }
            let type = try reader.readValue(depth: depth)
            // Any other type is the general decoder's: stop here, without reading the rest.
            guard type.kind == .string, type.isVerbatim else { throw .fallBack }
            if reader.matches(type, "orderbook_delta") {
                kind = .delta
            } else if reader.matches(type, "orderbook_snapshot") {
                kind = .snapshot
            } else {
                throw .fallBack
            }
        default:
            _ = try reader.readValue(depth: depth)
        }
    }
}

extension JSONByteReader {
    /// Reads a member's value into its slot; a key seen twice falls back.
    mutating func record(into slot: inout JSONValueSpan?, depth: Int) throws(ScanExit) {
        guard slot == nil else { throw .fallBack }
        slot = try readValue(depth: depth)
    }
}
