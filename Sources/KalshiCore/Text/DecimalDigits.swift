/// An integer's decimal digits appended to a byte buffer, as `String(value)` writes them,
/// without building the `String`: the hand-built encoders on the order's path (the order's
/// body, the journal's ahead line) and log lines write several numbers each.
public enum DecimalDigits {
    public static func append(_ value: Int64, to bytes: inout [UInt8]) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        append(magnitude: value.magnitude, to: &bytes)
    }

    /// The digits of `magnitude`, left-padded with zeros to `minimumCount` (fixed-point fractions).
    public static func append(magnitude: UInt64, minimumCount: Int = 1, to bytes: inout [UInt8]) {
        // 20 digits hold any UInt64; a longer padding is asked for by no caller.
        let capacity = max(20, minimumCount)
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { buffer in
            var position = capacity
            var rest = magnitude
            repeat {
                position -= 1
                buffer[position] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest % 10)
                rest /= 10
            } while rest > 0 || capacity - position < minimumCount
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[position..<capacity]))
        }
    }
}
