/// The one-byte tag that starts every record (see README, "Recording format").
public enum RecordKind: UInt8, Sendable, CaseIterable {
    case name = 1
    case market = 2
    case bookSnapshot = 3
    case bookDelta = 4
    case publicTrade = 5
    case spot = 6
    case volatility = 7
    case timer = 8
    case bookUntrusted = 9
    case sessionInput = 10
    case candleHistory = 11

    /// Bytes after the tag and the 8-byte time for the fixed-size kinds.
    static let fixedBodySize: [Int] = {
        var sizes = [Int](repeating: -1, count: 256)
        sizes[Int(RecordKind.bookDelta.rawValue)] = 4 + 1 + 4 + 8
        sizes[Int(RecordKind.publicTrade.rawValue)] = 4 + 4 + 8 + 1
        sizes[Int(RecordKind.spot.rawValue)] = 2 + 2 + 1 + 1 + 8 + 8
        sizes[Int(RecordKind.volatility.rawValue)] = 2 + 8
        sizes[Int(RecordKind.timer.rawValue)] = 0
        sizes[Int(RecordKind.bookUntrusted.rawValue)] = 4
        return sizes
    }()
}
