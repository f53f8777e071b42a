/// Values kept by one of a recording's 32-bit ids (a market's, in its `market` records).
///
/// Writers number markets densely from 0, and a reader looks one up on every record, so an
/// array indexed by the id is the fast way. But the id comes from a file: a damaged or hostile
/// one can define market 4,000,000,000, which as an array index would allocate ~32 GB (found by
/// `fuzz-replay`: the allocation alone ran past libFuzzer's time limit). Ids below `denseLimit`
/// live in the array, the rest in a dictionary: any id costs one entry.
public struct RecordIdTable<Value> {
    /// The array never grows past this many entries (512 KiB of 8-byte values).
    public static var denseLimit: Int { 1 << 16 }

    @usableFromInline var dense: [Value?] = []
    @usableFromInline var sparse: [UInt32: Value] = [:]

    public init() {}

    public subscript(id: UInt32) -> Value? {
        @inlinable get {
            let index = Int(id)
            if index < dense.count { return dense[index] }
            return sparse.isEmpty ? nil : sparse[id]
        }
        set {
            let index = Int(id)
            guard index < Self.denseLimit else {
                sparse[id] = newValue
                return
            }
            if index >= dense.count { dense += repeatElement(nil, count: index + 1 - dense.count) }
            dense[index] = newValue
        }
    }
}

extension RecordIdTable: Sendable where Value: Sendable {}
