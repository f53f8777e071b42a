/// Where one JSON value (or member name) sits in a frame's bytes, found without copying it.
package struct JSONValueSpan {
    package enum Kind: UInt8 {
        case string, number, object, array, boolean, null
    }

    package var kind: Kind
    /// Strings: no escapes, so the bytes are the value. Numbers: an integer without fraction or
    /// exponent, short enough (≤ 18 characters) to be exactly an `Int64`.
    package var isVerbatim: Bool
    // 32-bit offsets keep a span at 10 bytes: a frame's members are a few hundred bytes to clear
    // per frame instead of over six hundred. Frames are far below 2 GiB (`BookFrameScanner` checks).
    private var startOffset: Int32
    private var endOffset: Int32

    init(kind: Kind, start: Int, end: Int, isVerbatim: Bool) {
        self.kind = kind
        self.isVerbatim = isVerbatim
        self.startOffset = Int32(truncatingIfNeeded: start)
        self.endOffset = Int32(truncatingIfNeeded: end)
    }

    /// Strings: the first byte after the opening quote. Other values: their first byte.
    package var start: Int { Int(startOffset) }
    /// Strings: the closing quote. Other values: one past their last byte.
    package var end: Int { Int(endOffset) }
    package var length: Int { Int(endOffset &- startOffset) }

    /// Present and not `null`: the general decoder's `has(_:)`.
    package static func isPresent(_ span: JSONValueSpan?) -> Bool {
        guard let span else { return false }
        return span.kind != .null
    }
}
