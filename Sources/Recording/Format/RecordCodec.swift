import KalshiCore

/// Encodes and decodes single records. Layout of every record: `u8 kind, i64 time_ms`, then the
/// kind's body (little-endian, see README "Recording format").
enum RecordCodec {
    static func encode(_ record: Record, into writer: inout ByteWriter) {
        func head(_ kind: RecordKind) {
            writer.put(kind.rawValue)
            writer.put(record.timeMs)
        }
        switch record.event {
        case .name(let name):
            head(.name)
            writer.put(name.namespace.rawValue)
            writer.put(name.id)
            writer.putString(name.text)
        case .market(let market):
            head(.market)
            writer.put(market.id)
            writer.putString(MarketJSON.encode(market.metadata, asset: market.asset))
        case .bookSnapshot(let market, let yes, let no):
            head(.bookSnapshot)
            writer.put(market)
            writer.put(UInt32(yes.count))
            writer.put(UInt32(no.count))
            for level in yes + no {
                writer.put(Int32(level.price.ticks))
                writer.put(level.size.units)
            }
        case .bookDelta(let market, let delta):
            head(.bookDelta)
            writer.put(market)
            writer.put(UInt8(delta.side.legIndex))
            writer.put(Int32(delta.price.ticks))
            writer.put(delta.delta.units)
        case .publicTrade(let market, let price, let count, let taker):
            head(.publicTrade)
            writer.put(market)
            writer.put(Int32(price.ticks))
            writer.put(count.units)
            writer.put(UInt8(taker == nil ? 0 : taker == .bid ? 1 : 2))
        case .bookUntrusted(let market):
            head(.bookUntrusted)
            writer.put(market)
        case .spot(let spot):
            head(.spot)
            writer.put(spot.asset)
            writer.put(spot.venue)
            writer.put(spot.kind.rawValue)
            writer.put(UInt8(spot.isStale ? 1 : 0))
            writer.put(spot.price.micros)
            writer.put(spot.exchangeTimeMs)
        case .volatility(let asset, let sigma):
            head(.volatility)
            writer.put(asset)
            writer.put(sigma)
        case .timer:
            head(.timer)
        case .sessionInput(let source, let input):
            head(.sessionInput)
            writer.put(source.rawValue)
            switch input {
            case .connected:
                writer.put(UInt8(0))
                writer.putString("")
            case .disconnected(let reason):
                writer.put(UInt8(1))
                writer.putString(reason)
            case .received(let text):
                writer.put(UInt8(2))
                writer.putString(text)
            case .tick:
                writer.put(UInt8(3))
                writer.putString("")
            }
        case .candleHistory(let source, let candles):
            head(.candleHistory)
            writer.put(source.rawValue)
            writer.put(UInt32(candles.count))
            for candle in candles {
                writer.put(candle.startMs)
                writer.put(candle.open.micros)
                writer.put(candle.high.micros)
                writer.put(candle.low.micros)
                writer.put(candle.close.micros)
                writer.put(candle.observations)
            }
        }
    }

    /// Counts: the Quantity parser's range, so sums of sizes and count × price cannot overflow.
    static let units: ClosedRange<Int64> = 0...Quantity.maxUnits
    static let signedUnits: ClosedRange<Int64> = -Quantity.maxUnits...Quantity.maxUnits
    /// A spot price: positive and at most $10bn ($1e10 = 1e16 micros), far above any asset and far
    /// below where strike − spot or price × size could overflow.
    static let spotMicros: ClosedRange<Int64> = 1...10_000_000_000_000_000

    /// Why a record could not be decoded (the reader adds the offset).
    struct Problem: Error {
        var detail: String
    }

    /// Throws the problem a reader would report for `record` once written (the reader's range
    /// checks, applied before writing).
    static func validate(_ record: Record) throws(Problem) {
        var writer = ByteWriter()
        encode(record, into: &writer)
        let problem = writer.bytes.withUnsafeBytes { bytes -> Problem? in
            var reader = ByteReader(base: bytes.baseAddress!, offset: 0, end: bytes.count)
            do throws(Problem) {
                _ = try decode(&reader)
                return nil
            } catch {
                return error
            }
        }
        if let problem { throw problem }
    }

    @inline(__always)
    static func decode(_ reader: inout ByteReader) throws(Problem) -> Record {
        guard reader.has(9) else {
            throw Problem(detail: "a record header needs 9 bytes, \(reader.end - reader.offset) remain in the block")
        }
        let rawKind = reader.take(UInt8.self)
        let time = reader.take(Int64.self)
        // A checksum proves the bytes are what was written, not that they make sense: replay does
        // `time + interval` and similar arithmetic on record times, so an absurd one is corruption.
        guard EpochMilliseconds.plausible.contains(time) else {
            throw Problem(detail: "record time \(time) ms is outside \(EpochMilliseconds.plausible)")
        }
        let fixed = RecordKind.fixedBodySize[Int(rawKind)]
        if fixed >= 0 {
            guard reader.has(fixed) else { throw Problem(detail: "a kind-\(rawKind) record needs \(fixed) more bytes") }
            return Record(timeMs: time, try decodeFixed(rawKind, &reader))
        }
        return Record(timeMs: time, try decodeVariable(rawKind, &reader))
    }

    @inline(__always)
    private static func decodeFixed(_ kind: UInt8, _ reader: inout ByteReader) throws(Problem) -> RecordedEvent {
        switch kind {
        case RecordKind.bookDelta.rawValue:
            let market = reader.take(UInt32.self)
            let side = reader.take(UInt8.self)
            let price = reader.take(Int32.self)
            let units = reader.take(Int64.self)
            guard side <= 1 else { throw Problem(detail: "book delta side \(side) is not 0 (yes) or 1 (no)") }
            guard price >= 0, price <= 10_000 else {
                throw Problem(detail: "book delta price \(price) is outside 0...10000 ticks")
            }
            guard RecordCodec.signedUnits.contains(units) else {
                throw Problem(detail: "book delta \(units) units is outside \(RecordCodec.signedUnits)")
            }
            return .bookDelta(
                market: market,
                BookDelta(side: side == 0 ? .yes : .no, price: Price(uncheckedTicks: Int64(price)), delta: Quantity(units: units))
            )
        case RecordKind.publicTrade.rawValue:
            let market = reader.take(UInt32.self)
            let price = reader.take(Int32.self)
            let count = reader.take(Int64.self)
            let taker = reader.take(UInt8.self)
            guard price >= 0, price <= 10_000 else { throw Problem(detail: "trade price \(price) is outside 0...10000 ticks") }
            guard taker <= 2 else { throw Problem(detail: "trade taker side \(taker) is not 0, 1 or 2") }
            guard RecordCodec.units.contains(count) else {
                throw Problem(detail: "trade count \(count) units is outside \(RecordCodec.units)")
            }
            return .publicTrade(
                market: market, yesPrice: Price(uncheckedTicks: Int64(price)), count: Quantity(units: count),
                takerSide: taker == 0 ? nil : taker == 1 ? .bid : .ask)
        case RecordKind.spot.rawValue:
            let asset = reader.take(UInt16.self)
            let venue = reader.take(UInt16.self)
            let rawKind = reader.take(UInt8.self)
            let stale = reader.take(UInt8.self)
            let price = reader.take(Int64.self)
            let exchangeTime = reader.take(Int64.self)
            guard let kind = RecordedSpot.Kind(rawValue: rawKind) else {
                throw Problem(detail: "spot kind \(rawKind) is not known")
            }
            guard RecordCodec.spotMicros.contains(price) else {
                throw Problem(detail: "spot price \(price) micros is outside \(RecordCodec.spotMicros)")
            }
            return .spot(
                RecordedSpot(
                    asset: asset, venue: venue, kind: kind, isStale: stale != 0, price: Money(micros: price),
                    exchangeTimeMs: exchangeTime))
        case RecordKind.volatility.rawValue:
            let asset = reader.take(UInt16.self)
            let sigma = Double(bitPattern: reader.take(UInt64.self))
            guard sigma.isFinite, sigma >= 0 else {
                throw Problem(detail: "volatility \(sigma) is not a finite non-negative number")
            }
            return .volatility(asset: asset, sigma: sigma)
        case RecordKind.timer.rawValue:
            return .timer
        default:
            return .bookUntrusted(market: reader.take(UInt32.self))
        }
    }

    private static func decodeVariable(_ kind: UInt8, _ reader: inout ByteReader) throws(Problem) -> RecordedEvent {
        let pastEnd = Problem(detail: "a kind-\(kind) record runs past the end of its block")
        func read<T: FixedWidthInteger>(_ type: T.Type) throws(Problem) -> T {
            do { return try reader.read(type) } catch { throw pastEnd }
        }
        func readString() throws(Problem) -> String {
            do { return try reader.readString() } catch { throw pastEnd }
        }
        switch kind {
        case RecordKind.name.rawValue:
            let namespace = try read(UInt8.self)
            let id = try read(UInt16.self)
            let text = try readString()
            guard let space = RecordedName.Namespace(rawValue: namespace) else {
                throw Problem(detail: "name namespace \(namespace) is not known")
            }
            return .name(RecordedName(namespace: space, id: id, text: text))
        case RecordKind.market.rawValue:
            let id = try read(UInt32.self)
            let json = try readString()
            do {
                let (metadata, asset) = try MarketJSON.decode(json)
                return .market(RecordedMarket(id: id, asset: asset, metadata: metadata))
            } catch {
                throw Problem(detail: "market \(id): field '\(error.field)' \(error.reason)")
            }
        case RecordKind.bookSnapshot.rawValue:
            let market = try read(UInt32.self)
            let yesCount = Int(try read(UInt32.self))
            let noCount = Int(try read(UInt32.self))
            guard yesCount <= 10_001, noCount <= 10_001, reader.has((yesCount + noCount) * 12) else { throw pastEnd }
            func levels(_ count: Int) throws(Problem) -> [BookLevel] {
                var result: [BookLevel] = []
                result.reserveCapacity(count)
                for _ in 0..<count {
                    let price = reader.take(Int32.self)
                    let size = reader.take(Int64.self)
                    guard price >= 0, price <= 10_000 else {
                        throw Problem(detail: "snapshot level price \(price) is outside 0...10000 ticks")
                    }
                    // Negative sizes are the book's to refuse (a typed snapshot fault); only
                    // magnitudes that would overflow its sums are corruption here.
                    guard RecordCodec.signedUnits.contains(size) else {
                        throw Problem(detail: "snapshot level size \(size) units is outside \(RecordCodec.signedUnits)")
                    }
                    result.append(BookLevel(price: Price(uncheckedTicks: Int64(price)), size: Quantity(units: size)))
                }
                return result
            }
            let yes = try levels(yesCount)
            let no = try levels(noCount)
            return .bookSnapshot(market: market, yes: yes, no: no)
        case RecordKind.sessionInput.rawValue:
            let rawSource = try read(UInt8.self)
            let rawInput = try read(UInt8.self)
            let text = try readString()
            guard let source = RecordedSource(rawValue: rawSource) else {
                throw Problem(detail: "session source \(rawSource) is not known")
            }
            switch rawInput {
            case 0: return .sessionInput(source: source, .connected)
            case 1: return .sessionInput(source: source, .disconnected(reason: text))
            case 2: return .sessionInput(source: source, .received(text))
            case 3: return .sessionInput(source: source, .tick)
            default: throw Problem(detail: "session input kind \(rawInput) is not known")
            }
        case RecordKind.candleHistory.rawValue:
            let rawSource = try read(UInt8.self)
            let count = Int(try read(UInt32.self))
            guard let source = RecordedSource(rawValue: rawSource) else {
                throw Problem(detail: "session source \(rawSource) is not known")
            }
            guard count <= 1_000_000, reader.has(count * 44) else { throw pastEnd }
            var candles: [RecordedCandle] = []
            candles.reserveCapacity(count)
            for index in 0..<count {
                let candle = RecordedCandle(
                    startMs: reader.take(Int64.self), open: Money(micros: reader.take(Int64.self)),
                    high: Money(micros: reader.take(Int64.self)), low: Money(micros: reader.take(Int64.self)),
                    close: Money(micros: reader.take(Int64.self)), observations: reader.take(Int32.self))
                // Candle times and prices feed the same minute and volatility arithmetic as live ones.
                guard EpochMilliseconds.plausible.contains(candle.startMs) else {
                    throw Problem(detail: "candle \(index) start \(candle.startMs) ms is outside \(EpochMilliseconds.plausible)")
                }
                for price in [candle.open, candle.high, candle.low, candle.close]
                where !(0...RecordCodec.spotMicros.upperBound).contains(price.micros) {
                    throw Problem(
                        detail: "candle \(index) price \(price.micros) micros is outside 0...\(RecordCodec.spotMicros.upperBound)"
                    )
                }
                candles.append(candle)
            }
            return .candleHistory(source: source, candles)
        default:
            throw Problem(detail: "record kind \(kind) is not known")
        }
    }
}
