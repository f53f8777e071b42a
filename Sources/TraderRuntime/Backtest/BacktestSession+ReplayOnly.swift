import Recording
import TradingEngine

extension BacktestSession {
    /// Reads and translates a recording without an engine — the replay layer's own cost (the
    /// `backtest.replay` benchmark). Returns the events and a checksum of their times.
    public static func replayOnly(recordingPath: String) throws(BacktestError) -> (events: Int, checksum: Int64) {
        let reader: RecordingReader
        do { reader = try RecordingReader(path: recordingPath) } catch { throw .recording(error) }
        var pipeline = ReplayPipeline(header: reader.header)
        var events = 0
        var checksum: Int64 = 0
        do {
            while let record = try reader.next() {
                switch pipeline.translate(record) {
                case .none, .market: break
                case .event(let event):
                    events += 1
                    if case .bookDelta(let id, let delta) = event { checksum &+= Int64(id.index) &+ delta.delta.units }
                    checksum &+= record.timeMs
                case .events(let list):
                    events += list.count
                    checksum &+= record.timeMs &* Int64(list.count)
                }
            }
        } catch {
            throw .recording(error)
        }
        return (events, checksum)
    }
}
