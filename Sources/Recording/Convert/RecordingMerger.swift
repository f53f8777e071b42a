/// Merges record streams into one recording by time (ties keep the inputs' order, and each
/// input's own order), renumbering markets and names: the same ticker (or asset, or venue) in
/// several inputs becomes one definition. Streamed: one pending record per input.
public struct RecordingMerger {
    public struct Summary: Sendable, Equatable {
        public var records = 0
        public var markets = 0
        public var firstTimeMs: Int64?
        public var lastTimeMs: Int64?
    }

    private struct InputState {
        let stream: any RecordStream
        var head: Record?
        var marketMap = RecordIdTable<UInt32>()
        var nameMap: [UInt16] = []
        var lastTimeMs = Int64.min
    }

    private static let unmapped16 = UInt16.max

    /// The header a merge of these inputs gets: raw session records (from `record`) can come
    /// from one input only, whose sessions and timers the output keeps.
    public static func header(for streams: [any RecordStream], source: String) throws(ConversionError) -> RecordingHeader {
        var header = RecordingHeader(producer: "convert", source: source)
        let recordings = streams.compactMap { ($0 as? RecordingStream)?.reader.header }
        let raw = recordings.filter { !$0.kalshiSubscriptions.isEmpty || !$0.signalSessions.isEmpty }
        guard raw.count <= 1 else {
            throw .incompatibleInputs(
                "only one input may hold raw session records (a recording made by `record`); found \(raw.count)")
        }
        if let raw = raw.first {
            header.kalshiSubscriptions = raw.kalshiSubscriptions
            header.signalSessions = raw.signalSessions
        }
        if recordings.contains(where: { $0.timers == .recorded }) { header.timers = .recorded }
        if let interval = recordings.first?.timerIntervalMs { header.timerIntervalMs = interval }
        return header
    }

    /// Writes every record of `streams` to `writer`, in time order.
    public static func merge(_ streams: [any RecordStream], into writer: RecordingWriter) throws(ConversionError) -> Summary {
        var inputs = streams.map { InputState(stream: $0) }
        for index in inputs.indices { inputs[index].head = try inputs[index].stream.next() }
        var marketIds: [String: UInt32] = [:]
        var nameIds: [String: UInt16] = [:]
        var summary = Summary()
        while true {
            var chosen = -1
            for index in inputs.indices {
                guard let head = inputs[index].head else { continue }
                if chosen < 0 || head.timeMs < inputs[chosen].head!.timeMs { chosen = index }
            }
            guard chosen >= 0 else { break }
            var record = inputs[chosen].head!
            inputs[chosen].head = try inputs[chosen].stream.next()
            // A stream that steps back in time is held at its latest time: the output never does.
            record.timeMs = max(record.timeMs, inputs[chosen].lastTimeMs)
            inputs[chosen].lastTimeMs = record.timeMs
            let description = inputs[chosen].stream.inputDescription
            func market(_ local: UInt32) throws(ConversionError) -> UInt32 {
                guard let global = inputs[chosen].marketMap[local] else {
                    throw .invalidInput(
                        path: description, reason: "a record at \(record.timeMs) uses market \(local) before defining it")
                }
                return global
            }
            func name(_ local: UInt16) throws(ConversionError) -> UInt16 {
                let map = inputs[chosen].nameMap
                guard Int(local) < map.count, map[Int(local)] != unmapped16 else {
                    throw .invalidInput(
                        path: description, reason: "a record at \(record.timeMs) uses name \(local) before defining it")
                }
                return map[Int(local)]
            }
            switch record.event {
            case .market(var definition):
                let local = definition.id
                if let existing = marketIds[definition.metadata.ticker] {
                    inputs[chosen].marketMap[local] = existing
                    continue
                }
                let global = UInt32(marketIds.count)
                marketIds[definition.metadata.ticker] = global
                inputs[chosen].marketMap[local] = global
                definition.id = global
                record.event = .market(definition)
                summary.markets += 1
            case .name(var entry):
                let local = Int(entry.id)
                if inputs[chosen].nameMap.count <= local {
                    inputs[chosen].nameMap += Array(repeating: unmapped16, count: local + 1 - inputs[chosen].nameMap.count)
                }
                let key = "\(entry.namespace.rawValue):\(entry.text)"
                if let existing = nameIds[key] {
                    inputs[chosen].nameMap[local] = existing
                    continue
                }
                let global = UInt16(nameIds.count)
                nameIds[key] = global
                inputs[chosen].nameMap[local] = global
                entry.id = global
                record.event = .name(entry)
            case .bookSnapshot(let id, let yes, let no):
                record.event = .bookSnapshot(market: try market(id), yes: yes, no: no)
            case .bookDelta(let id, let delta):
                record.event = .bookDelta(market: try market(id), delta)
            case .publicTrade(let id, let price, let count, let taker):
                record.event = .publicTrade(market: try market(id), yesPrice: price, count: count, takerSide: taker)
            case .bookUntrusted(let id):
                record.event = .bookUntrusted(market: try market(id))
            case .spot(var spot):
                spot.asset = try name(spot.asset)
                spot.venue = try name(spot.venue)
                record.event = .spot(spot)
            case .volatility(let asset, let sigma):
                record.event = .volatility(asset: try name(asset), sigma: sigma)
            case .timer, .sessionInput, .candleHistory:
                break
            }
            // The reader refuses records whose numbers replay could not compute with (a time
            // before 1970, an absurd spot or size): refuse them here, so a converted recording
            // always reads back (found by fuzzing the converters).
            do { try RecordCodec.validate(record) } catch {
                throw .invalidInput(
                    path: description, reason: "the record at \(record.timeMs) ms cannot be stored: \(error.detail)")
            }
            do { try writer.append(record) } catch { throw .recording(error) }
            summary.records += 1
            summary.firstTimeMs = summary.firstTimeMs ?? record.timeMs
            summary.lastTimeMs = record.timeMs
        }
        return summary
    }
}
