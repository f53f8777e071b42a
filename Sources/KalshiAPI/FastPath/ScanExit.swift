/// Why a fast-path scan stopped before producing a book frame.
package enum ScanExit: Error {
    /// The frame is not for the fast path: another type, a legacy shape, or valid JSON the fast path
    /// does not judge exactly like `JSONSerialization` (escapes in values it uses, exponents, very long
    /// numbers, `\u` surrogates, duplicate keys, deep nesting). The general decoder decides.
    case fallBack
    /// The frame is wrong, and the general decoder would say so with this same error.
    case failed(FrameDecodingError)

    static func malformed(_ detail: String) -> ScanExit { .failed(.notJSON(detail)) }
}
