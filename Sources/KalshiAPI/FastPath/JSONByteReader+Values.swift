import KalshiCore

/// Typed reads of located values, with the general decoder's errors (see `JSONFields`): an absent or
/// `null` value is missing, a value of another JSON type is `wrongType`, and anything the general
/// decoder might read differently (an escaped string, a non-verbatim number) falls back.
extension JSONByteReader {
    package func bytes(_ span: JSONValueSpan) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base + span.start, count: span.length)
    }

    package func string(_ span: JSONValueSpan) -> String {
        String(decoding: bytes(span), as: UTF8.self)
    }

    /// Whether a verbatim string (or a member name) is exactly `literal`.
    @inline(__always)
    package func matches(_ span: JSONValueSpan, _ literal: StaticString) -> Bool {
        let length = literal.utf8CodeUnitCount
        guard span.length == length else { return false }
        let expected = literal.utf8Start
        for offset in 0..<length where byte(span.start &+ offset) != expected[offset] { return false }
        return true
    }

    /// Checked once per frame that held a non-ASCII byte: Foundation refuses invalid UTF-8.
    package var isValidUTF8: Bool {
        String(validating: UnsafeRawBufferPointer(start: base, count: count), as: UTF8.self) != nil
    }

    func requiredString(_ span: JSONValueSpan?, field: String) throws(ScanExit) -> JSONValueSpan {
        guard let span, span.kind != .null else { throw .failed(.missingField(field)) }
        guard span.kind == .string else { throw .failed(.wrongType(field: field, expected: "a string")) }
        guard span.isVerbatim else { throw .fallBack }
        return span
    }

    func optionalString(_ span: JSONValueSpan?, field: String) throws(ScanExit) -> JSONValueSpan? {
        guard JSONValueSpan.isPresent(span) else { return nil }
        return try requiredString(span, field: field)
    }

    /// A required, non-empty string (a market ticker).
    func nonEmptyString(_ span: JSONValueSpan?, field: String) throws(ScanExit) -> String {
        let value = try requiredString(span, field: field)
        guard value.length > 0 else { throw .failed(.invalidValue(field: field, value: "", reason: "empty")) }
        return string(value)
    }

    /// An optional integer. `1.0` or `1e2` are integers to Foundation and `1.5` is not; such numbers
    /// fall back rather than being judged here.
    func optionalInteger(_ span: JSONValueSpan?, field: String) throws(ScanExit) -> Int64? {
        guard let span, span.kind != .null else { return nil }
        guard span.kind == .number else { throw .failed(.wrongType(field: field, expected: "an integer")) }
        guard span.isVerbatim else { throw .fallBack }
        var offset = span.start
        let negative = byte(offset) == ASCII.minus
        if negative { offset &+= 1 }
        var value: Int64 = 0
        while offset < span.end {
            value = value &* 10 &+ Int64(byte(offset) &- ASCII.zero)
            offset &+= 1
        }
        return negative ? -value : value
    }

    func price(_ span: JSONValueSpan, field: @autoclosure () -> String) throws(ScanExit) -> Price {
        do {
            return try Price(utf8: bytes(span))
        } catch {
            throw .failed(.invalidValue(field: field(), value: string(span), reason: error.description))
        }
    }

    func quantity(_ span: JSONValueSpan, allowNegative: Bool, field: @autoclosure () -> String) throws(ScanExit) -> Quantity {
        do {
            return try Quantity(utf8: bytes(span), allowNegative: allowNegative)
        } catch {
            throw .failed(.invalidValue(field: field(), value: string(span), reason: error.description))
        }
    }
}
