/// A source of records in time order (a converter reading its input, or a recording), pulled
/// one at a time so a conversion streams: memory stays flat in the input's length. Market and
/// name ids are the stream's own; `RecordingMerger` renumbers them.
public protocol RecordStream: AnyObject {
    /// What the stream reads, for messages.
    var inputDescription: String { get }
    /// The next record, nil at the end.
    func next() throws(ConversionError) -> Record?
    /// Lines skipped with a warning (malformed frames in a capture), and the first few messages.
    var notices: ConversionNotices { get }
}

/// Warnings of a conversion: all counted, the first few kept with their line numbers.
public struct ConversionNotices: Sendable, Equatable {
    public static let kept = 20
    public private(set) var count = 0
    public private(set) var messages: [String] = []

    public init() {}

    mutating func add(_ message: String) {
        count += 1
        if messages.count < ConversionNotices.kept { messages.append(message) }
    }
}

/// Hands out a stream's local ids for markets and names, and queues their definitions in
/// front of the first record that uses them.
struct LocalDefinitions {
    private var marketIds: [String: UInt32] = [:]
    private var nameIds: [String: UInt16] = [:]

    /// The id of `ticker`; `define` builds its record the first time.
    mutating func market(_ ticker: String, at timeMs: Int64, pending: inout [Record], define: (UInt32) -> RecordedMarket)
        -> UInt32
    {
        if let id = marketIds[ticker] { return id }
        let id = UInt32(marketIds.count)
        marketIds[ticker] = id
        pending.append(Record(timeMs: timeMs, .market(define(id))))
        return id
    }

    mutating func name(_ text: String, _ namespace: RecordedName.Namespace, at timeMs: Int64, pending: inout [Record]) -> UInt16 {
        let key = "\(namespace.rawValue):\(text)"
        if let id = nameIds[key] { return id }
        let id = UInt16(nameIds.count)
        nameIds[key] = id
        pending.append(Record(timeMs: timeMs, .name(RecordedName(namespace: namespace, id: id, text: text))))
        return id
    }
}
