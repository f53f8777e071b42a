/// The client order ids a session's journal holds, exactly, in memory that does not grow with
/// the session: the session's own ids (`<prefix>-<n>`, numbered upward) as ranges of numbers
/// (one range while the numbers run without a gap), every other id (orders adopted from the
/// account) as itself. A set of every id grew by an entry per order for the life of an
/// unattended session.
struct ClientOrderIdLedger: Sendable {
    /// `<prefix>-`, as bytes.
    private let ownStem: [UInt8]
    /// Disjoint, not adjacent, in ascending order. Not the standard library's `RangeSet`: its
    /// generic insert, on the order's path, cost the write-ahead stage of `live.tick_to_order`
    /// about 8 µs.
    private var ownRanges: [ClosedRange<Int64>] = []
    private var others: Set<String> = []

    init(clientPrefix: String) {
        ownStem = Array(clientPrefix.utf8) + [UInt8(ascii: "-")]
    }

    func contains(_ id: String) -> Bool {
        if let number = ownNumber(id) { return rangeIndex(containing: number) != nil }
        return others.contains(id)
    }

    mutating func insert(_ id: String) {
        guard let number = ownNumber(id) else {
            others.insert(id)
            return
        }
        // The common case: the next number of the session's counter.
        if let last = ownRanges.last, last.upperBound + 1 == number {
            ownRanges[ownRanges.count - 1] = last.lowerBound...number
            return
        }
        guard rangeIndex(containing: number) == nil else { return }
        // The first range starting above the number: the new one goes before it, joined to its
        // neighbours when adjacent.
        let above = firstRange(startingAbove: number)
        let joinsBelow = above > 0 && ownRanges[above - 1].upperBound + 1 == number
        let joinsAbove = above < ownRanges.count && ownRanges[above].lowerBound - 1 == number
        switch (joinsBelow, joinsAbove) {
        case (true, true):
            ownRanges[above - 1] = ownRanges[above - 1].lowerBound...ownRanges[above].upperBound
            ownRanges.remove(at: above)
        case (true, false): ownRanges[above - 1] = ownRanges[above - 1].lowerBound...number
        case (false, true): ownRanges[above] = number...ownRanges[above].upperBound
        case (false, false): ownRanges.insert(number...number, at: above)
        }
    }

    /// Index of the first range whose lower bound is above `number` (`ownRanges.count` if none).
    private func firstRange(startingAbove number: Int64) -> Int {
        var low = 0
        var high = ownRanges.count
        while low < high {
            let middle = (low + high) / 2
            if ownRanges[middle].lowerBound > number { high = middle } else { low = middle + 1 }
        }
        return low
    }

    private func rangeIndex(containing number: Int64) -> Int? {
        if let last = ownRanges.last, last.contains(number) { return ownRanges.count - 1 }
        let above = firstRange(startingAbove: number)
        return above > 0 && ownRanges[above - 1].contains(number) ? above - 1 : nil
    }

    /// How many ranges and other ids are kept (tests: the memory does not grow with the orders).
    var kept: (ranges: Int, others: Int) { (ownRanges.count, others.count) }

    /// The number of an id of the session's own form: the stem, then a canonical decimal (no
    /// sign, no leading zero) of at most 18 digits (so `number + 1` cannot overflow). Any other
    /// spelling (`-07`, `-+7`) is a different id, kept as itself.
    private func ownNumber(_ id: String) -> Int64? {
        var utf8 = id.utf8.makeIterator()
        for byte in ownStem {
            guard utf8.next() == byte else { return nil }
        }
        var number: Int64 = 0
        var digits = 0
        while let byte = utf8.next() {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            if digits == 0, byte == UInt8(ascii: "0") { return nil }
            digits += 1
            guard digits <= 18 else { return nil }  // 18 digits stay below Int64.max
            number = number * 10 + Int64(byte - UInt8(ascii: "0"))
        }
        return digits > 0 ? number : nil
    }
}
