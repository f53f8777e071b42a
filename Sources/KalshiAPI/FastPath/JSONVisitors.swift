/// Receives an object's members as `JSONByteReader.readObject` meets them.
package protocol JSONMemberVisitor {
    /// Consumes the value of the member `name`; the reader stands just after the colon.
    mutating func visit(name: JSONValueSpan, reader: inout JSONByteReader, depth: Int) throws(ScanExit)
}

/// Receives an array's elements as `JSONByteReader.readArray` meets them.
package protocol JSONElementVisitor {
    /// Consumes the element at `position`; the reader stands just before it.
    mutating func visit(position: Int, reader: inout JSONByteReader, depth: Int) throws(ScanExit)
}

/// Validates and skips every member.
struct SkippedMembers: JSONMemberVisitor {
    mutating func visit(name: JSONValueSpan, reader: inout JSONByteReader, depth: Int) throws(ScanExit) {
        _ = try reader.readValue(depth: depth)
    }
}

/// Validates and skips every element.
struct SkippedElements: JSONElementVisitor {
    mutating func visit(position: Int, reader: inout JSONByteReader, depth: Int) throws(ScanExit) {
        _ = try reader.readValue(depth: depth)
    }
}
