/// An integer's decimal digits appended to a byte buffer, as `String(value)` writes them,
/// without building the `String`: the hand-built encoders on the order's path (the journal's
/// ahead line) and in log lines write several numbers each.
public enum DecimalDigits {
    public static func append(_ value: Int64, to bytes: inout [UInt8]) {
        var magnitude = value.magnitude
        // 20 digits hold any UInt64 (Int64.min's magnitude has 19).
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buffer in
            var position = 20
            repeat {
                position -= 1
                buffer[position] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            if value < 0 { bytes.append(UInt8(ascii: "-")) }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[position...]))
        }
    }
}
