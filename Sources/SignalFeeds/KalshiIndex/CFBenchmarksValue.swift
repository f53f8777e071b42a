import KalshiCore

/// One value of Kalshi's `cfbenchmarks_value` channel (kalshi-api.md §2.6, §6.4): the CF
/// Benchmarks real-time index Kalshi settles on, with Kalshi's trailing 60 s average.
public struct CFBenchmarksValue: Sendable, Equatable {
    public var sid: Int
    public var seq: Int64?
    public var indexId: String
    /// Index publication time (epoch ms), from the embedded `data` document.
    public var timeMs: Int64
    public var value: Money
    public var receivedAtMs: Int64?
    /// `avg_60s_data.value`: the average over [t − 60 s, t), the settlement formula's running value.
    public var average60s: Money?
    public var averageWindowSize: Int?

    public init(
        sid: Int, seq: Int64?, indexId: String, timeMs: Int64, value: Money, receivedAtMs: Int64? = nil, average60s: Money? = nil,
        averageWindowSize: Int? = nil
    ) {
        self.sid = sid
        self.seq = seq
        self.indexId = indexId
        self.timeMs = timeMs
        self.value = value
        self.receivedAtMs = receivedAtMs
        self.average60s = average60s
        self.averageWindowSize = averageWindowSize
    }
}

/// Frames of Kalshi's WebSocket this source cares about: the index values and the replies to
/// its own subscribe command. Everything else on the socket is `other`.
public enum KalshiIndexMessage: Sendable, Equatable {
    case value(CFBenchmarksValue)
    case subscribed(id: Int?, sid: Int?)
    case error(id: Int?, code: Int, message: String)
    case other(type: String)
}

public enum KalshiIndexDecoder {
    public static func decode(_ text: String) throws(SignalFeedError) -> KalshiIndexMessage {
        let root = JSONField(try JSONParser.parse(text))
        _ = try root.object()
        let type = try root.field("type").string()
        let id = try root.optional("id")?.int()
        switch type {
        case "cfbenchmarks_value":
            return .value(try value(root))
        case "subscribed":
            return .subscribed(id: id, sid: try root.optional("msg")?.optional("sid")?.int())
        case "error":
            let msg = try root.field("msg")
            return .error(id: id, code: try msg.field("code").int(), message: try msg.optional("msg")?.string() ?? "")
        default:
            return .other(type: type)
        }
    }

    static func value(_ root: JSONField) throws(SignalFeedError) -> CFBenchmarksValue {
        let msg = try root.field("msg")
        let dataField = try msg.field("data")
        // `data` is itself a JSON document encoded as a string (reference §5.2); accept an object too.
        let data: JSONField
        if case .string(let embedded) = dataField.value {
            do {
                data = JSONField(try JSONParser.parse(embedded), path: dataField.path)
            } catch {
                throw .invalidValue(
                    field: dataField.path, value: String(embedded.prefix(80)), reason: "is not a JSON document (\(error))")
            }
        } else {
            data = dataField
        }
        let average = msg.optional("avg_60s_data")
        let indexId: String
        if let named = msg.optional("index_id") { indexId = try named.string() } else { indexId = try data.field("id").string() }
        return CFBenchmarksValue(
            sid: try root.field("sid").int(), seq: try root.optional("seq")?.int64(),
            indexId: indexId, timeMs: try data.field("time").epochMs(),
            value: try data.field("value").money(), receivedAtMs: try msg.optional("received_at")?.epochMs(),
            average60s: try average?.optional("value")?.money(), averageWindowSize: try average?.optional("window_size")?.int())
    }

    /// The subscribe command with `index_ids`, which `KalshiAPI.FeedCommand` does not render yet.
    public static func subscribeCommand(id: Int, indexIds: [String]) -> String {
        #"{"id":\#(id),"cmd":"subscribe","params":{"channels":["cfbenchmarks_value"],"index_ids":\#(CryptoComRequest.array(indexIds))}}"#
    }
}
