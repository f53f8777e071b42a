/// Where one JSON value (or member name) sits in a frame's bytes, found without copying it.
struct JSONValueSpan {
    enum Kind: UInt8 {
        case string, number, object, array, boolean, null
    }

    var kind: Kind
    /// Strings: no escapes, so the bytes are the value. Numbers: an integer without fraction or
    /// exponent, short enough (≤ 18 characters) to be exactly an `Int64`.
    var isVerbatim: Bool
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
    var start: Int { Int(startOffset) }
    /// Strings: the closing quote. Other values: one past their last byte.
    var end: Int { Int(endOffset) }
    var length: Int { Int(endOffset &- startOffset) }

    /// Present and not `null`: the general decoder's `has(_:)`.
    static func isPresent(_ span: JSONValueSpan?) -> Bool {
        guard let span else { return false }
        return span.kind != .null
    }
}

/// The bytes the tokenizer tests for, by name.
enum ASCII {
    static let quote = UInt8(ascii: "\"")
    static let backslash = UInt8(ascii: "\\")
    static let slash = UInt8(ascii: "/")
    static let openBrace = UInt8(ascii: "{")
    static let closeBrace = UInt8(ascii: "}")
    static let openBracket = UInt8(ascii: "[")
    static let closeBracket = UInt8(ascii: "]")
    static let colon = UInt8(ascii: ":")
    static let comma = UInt8(ascii: ",")
    static let minus = UInt8(ascii: "-")
    static let plus = UInt8(ascii: "+")
    static let dot = UInt8(ascii: ".")
    static let zero = UInt8(ascii: "0")
    static let nine = UInt8(ascii: "9")
    static let lowerE = UInt8(ascii: "e")
    static let upperE = UInt8(ascii: "E")
    static let lowerT = UInt8(ascii: "t")
    static let lowerF = UInt8(ascii: "f")
    static let lowerN = UInt8(ascii: "n")
    static let lowerB = UInt8(ascii: "b")
    static let lowerR = UInt8(ascii: "r")
    static let lowerU = UInt8(ascii: "u")
    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")
    static let lineFeed = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")
}
