/// The members of a capture line `{"recv_ts_ns": …, "raw": "<frame>"}` that decide how it is read,
/// located in one pass; a string `raw` is unescaped into `output` as it is read. An escaped or
/// repeated name falls back, as in `BookFrameMembers`.
struct RecordingWrapperMembers: JSONMemberVisitor {
    let output: UnsafeMutableRawBufferPointer
    var raw: JSONValueSpan?
    /// Bytes of `output` holding the value of a string `raw`.
    var rawLength = 0
    var receivedAt: JSONValueSpan?
    var type: JSONValueSpan?

    init(output: UnsafeMutableRawBufferPointer) { self.output = output }

    mutating func visit(name: JSONValueSpan, reader: inout JSONByteReader, depth: Int) throws(ScanExit) {
        guard name.isVerbatim else { throw .fallBack }
        if reader.matches(name, "raw") {
            guard raw == nil else { throw .fallBack }
            guard try reader.peek() == ASCII.quote else {
                raw = try reader.readValue(depth: depth)
                return
            }
            let start = reader.index
            reader.index &+= 1
            rawLength = try reader.readStringUnescaping(into: output)
            raw = JSONValueSpan(kind: .string, start: start &+ 1, end: reader.index &- 1, isVerbatim: false)
        } else if reader.matches(name, "recv_ts_ns") {
            try reader.record(into: &receivedAt, depth: depth)
        } else if reader.matches(name, "type") {
            try reader.record(into: &type, depth: depth)
        } else {
            _ = try reader.readValue(depth: depth)
        }
    }

    /// `RecordedFrame.parse`'s rule: a wrapper has a `raw` and no `type` (absent or null).
    var isWrapper: Bool { JSONValueSpan.isPresent(raw) && !JSONValueSpan.isPresent(type) }
}
