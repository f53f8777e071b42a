import Foundation

/// One line of a frame recording: either the raw frame text itself, or the capture wrapper
/// `{"recv_ts_ns": <int>, "raw": "<frame text>"}` used by ../shared/data/kalshi/.
public struct RecordedFrame: Equatable, Sendable {
    public var receivedAtNs: Int64?
    public var text: String

    public init(receivedAtNs: Int64? = nil, text: String) {
        self.receivedAtNs = receivedAtNs
        self.text = text
    }

    /// Unwraps a recording line. A line that is a JSON object with a string `raw` is a wrapper;
    /// anything else is taken as the frame itself (and judged by the frame decoder).
    public static func parse(line: String) throws(FrameDecodingError) -> RecordedFrame {
        guard line.contains("\"raw\"") else { return RecordedFrame(text: line) }
        let object = JSONFields(try JSONFields.parseObject(line))
        guard object.has("raw"), !object.has("type") else { return RecordedFrame(text: line) }
        return RecordedFrame(receivedAtNs: try object.optionalInteger("recv_ts_ns"), text: try object.string("raw"))
    }
}
