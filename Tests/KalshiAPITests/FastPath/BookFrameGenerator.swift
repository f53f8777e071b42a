import KalshiCore

@testable import KalshiAPI

/// Writes valid Kalshi book frames the way any conforming server could: members in random order,
/// random whitespace, unknown members of every JSON type (nested ones included), optional members
/// present, absent or `null`, prices and sizes with any number of decimals. Each frame comes with the
/// message it must decode to, built from the generator's own values rather than from a decoder.
struct BookFrameGenerator {
    var random: SeededRandom

    init(seed: UInt64) { random = SeededRandom(seed: seed) }

    /// A frame's members before rendering, as (encoded name, JSON value); faults edit these.
    struct Members {
        var top: [(name: String, json: String)] = []
        var msg: [(name: String, json: String)] = []
        /// Cleared by a fault that replaces or removes `msg` itself.
        var includesMsg = true

        mutating func set(_ name: String, _ json: String?, inMsg: Bool) {
            var list = inMsg ? msg : top
            list.removeAll { $0.name == "\"\(name)\"" }
            if let json { list.append(("\"\(name)\"", json)) }
            if inMsg { msg = list } else { top = list }
        }
    }

    // MARK: Frames

    mutating func delta() -> (text: String, expected: KalshiWSMessage) {
        let (members, expected) = deltaMembers()
        return (render(members), expected)
    }

    mutating func snapshot() -> (text: String, expected: KalshiWSMessage) {
        let (members, expected) = snapshotMembers()
        return (render(members), expected)
    }

    mutating func deltaMembers() -> (Members, KalshiWSMessage) {
        var members = Members()
        let sid = random.int(0...5_000)
        let seq = optionalInteger(&members, "seq", range: 1...9_999_999)
        header(&members, type: "orderbook_delta", sid: sid)
        let ticker = ticker()
        members.msg.append(("\"market_ticker\"", ticker.json))
        if random.chance(70) {
            // The general decoder ignores a delta's market_id, whatever its type.
            members.msg.append(("\"market_id\"", random.chance(90) ? jsonString(uuid()) : unknownValue(depth: 2)))
        }
        let side: OutcomeSide = random.chance(50) ? .yes : .no
        members.msg.append(("\"side\"", jsonString(side.rawValue, escapes: false)))
        let ticks = Int64(random.int(0...10_000))
        members.msg.append(("\"price_dollars\"", jsonString(decimalText(ticks, scale: 4), escapes: false)))
        let units = quantityUnits(allowNegative: true)
        members.msg.append(("\"delta_fp\"", jsonString(decimalText(units, scale: 2), escapes: false)))
        if random.chance(60) { members.msg.append(("\"ts\"", jsonString("2026-04-18T05:34:49.816683Z"))) }
        let timestampMs = optionalInteger(&members, "ts_ms", range: 1_700_000_000_000...1_800_000_000_000, inMsg: true)
        var clientOrderId: String?
        switch random.int(0...9) {
        case 0: members.msg.append(("\"client_order_id\"", "null"))
        case 1, 2:
            let text = randomText(maxLength: 20)
            clientOrderId = text
            members.msg.append(("\"client_order_id\"", jsonString(text)))
        default: break
        }
        if random.chance(10) { members.msg.append(("\"subaccount\"", String(random.int(0...32)))) }
        addUnknownMembers(&members)
        let update = OrderbookDeltaUpdate(
            marketTicker: ticker.value,
            delta: BookDelta(side: side, price: Price(uncheckedTicks: ticks), delta: Quantity(units: units)),
            timestampMs: timestampMs, clientOrderId: clientOrderId)
        return (members, .orderbookDelta(sid: sid, seq: seq, update))
    }

    mutating func snapshotMembers() -> (Members, KalshiWSMessage) {
        var members = Members()
        let sid = random.int(0...5_000)
        let seq = optionalInteger(&members, "seq", range: 1...9_999_999)
        header(&members, type: "orderbook_snapshot", sid: sid)
        let ticker = ticker()
        members.msg.append(("\"market_ticker\"", ticker.json))
        var marketId: String?
        switch random.int(0...9) {
        case 0: members.msg.append(("\"market_id\"", "null"))
        case 1: break
        default:
            let id = uuid()
            marketId = id
            members.msg.append(("\"market_id\"", jsonString(id)))
        }
        let yes = levels(&members, "yes_dollars_fp")
        let no = levels(&members, "no_dollars_fp")
        addUnknownMembers(&members)
        let snapshot = OrderbookSnapshot(marketTicker: ticker.value, marketId: marketId, yes: yes, no: no)
        return (members, .orderbookSnapshot(sid: sid, seq: seq, snapshot))
    }

    private mutating func header(_ members: inout Members, type: String, sid: Int) {
        // An escaped type is still the same type (and sends the frame to the general decoder).
        let typeJSON = random.chance(1) ? jsonString(type, escapes: true) : "\"\(type)\""
        members.top.append(("\"type\"", typeJSON))
        members.top.append(("\"sid\"", String(sid)))
        if random.chance(5) { members.top.append(("\"id\"", String(random.int(1...999)))) }
    }

    private mutating func optionalInteger(
        _ members: inout Members, _ name: String, range: ClosedRange<Int>, inMsg: Bool = false
    ) -> Int64? {
        switch random.int(0...19) {
        case 0: members.set(name, "null", inMsg: inMsg)
        case 1...4: break
        default:
            let value = random.int(range)
            members.set(name, String(value), inMsg: inMsg)
            return Int64(value)
        }
        return nil
    }

    private mutating func levels(_ members: inout Members, _ name: String) -> [BookLevel] {
        switch random.int(0...19) {
        case 0:
            members.msg.append(("\"\(name)\"", "null"))
            return []
        case 1, 2:
            return []
        default:
            var levels: [BookLevel] = []
            var entries: [String] = []
            for _ in 0..<random.int(0...25) {
                let ticks = Int64(random.int(0...10_000))
                let units = quantityUnits(allowNegative: false)
                levels.append(BookLevel(price: Price(uncheckedTicks: ticks), size: Quantity(units: units)))
                entries.append(
                    array([
                        jsonString(decimalText(ticks, scale: 4), escapes: false),
                        jsonString(decimalText(units, scale: 2), escapes: false),
                    ]))
            }
            members.msg.append(("\"\(name)\"", array(entries)))
            return levels
        }
    }

    // MARK: Rendering

    mutating func render(_ members: Members) -> String {
        var top = members.top
        if members.includesMsg { top.append(("\"msg\"", object(members.msg))) }
        return object(top)
    }

    mutating func whitespace() -> String {
        guard random.chance(25) else { return "" }
        var text = ""
        for _ in 0..<random.int(1...3) { text += random.pick([" ", "\t", "\n", "\r\n", "  "]) }
        return text
    }

    mutating func object(_ members: [(name: String, json: String)]) -> String {
        var text = "{" + whitespace()
        for (position, member) in members.shuffled(using: &random).enumerated() {
            if position > 0 { text += "," + whitespace() }
            text += member.name + whitespace() + ":" + whitespace() + member.json + whitespace()
        }
        return text + "}"
    }

    mutating func array(_ elements: [String]) -> String {
        var text = "[" + whitespace()
        for (position, element) in elements.enumerated() {
            if position > 0 { text += "," + whitespace() }
            text += element + whitespace()
        }
        return text + "]"
    }

    // MARK: Values

    /// A valid JSON string literal for `value`, sometimes with escapes the text does not need.
    mutating func jsonString(_ value: String, escapes: Bool? = nil) -> String {
        let gratuitous = escapes ?? random.chance(2)
        var text = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\t": text += "\\t"
            case _ where scalar.value < 0x20: text += unicodeEscape(scalar.value)
            case _ where gratuitous && random.chance(40):
                if scalar == "/" && random.chance(50) {
                    text += "\\/"
                } else if scalar.value > 0xFFFF {
                    let offset = scalar.value - 0x10000
                    text += unicodeEscape(0xD800 + (offset >> 10)) + unicodeEscape(0xDC00 + (offset & 0x3FF))
                } else {
                    text += unicodeEscape(scalar.value)
                }
            default: text.unicodeScalars.append(scalar)
            }
        }
        return text + "\""
    }

    private mutating func unicodeEscape(_ value: UInt32) -> String {
        let hex = String(value, radix: 16, uppercase: random.chance(50))
        return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
    }

    /// `value / 10^scale` with any number of decimals that keeps it exact (up to six), e.g. 4200 at
    /// scale 4 as "0.42", "0.4200" or "0.420000"; negatives sometimes as "-0.00".
    mutating func decimalText(_ value: Int64, scale: Int) -> String {
        var unit: Int64 = 1
        for _ in 0..<scale { unit *= 10 }
        let magnitude = value.magnitude
        let integer = magnitude / UInt64(unit)
        var fraction = String(magnitude % UInt64(unit))
        fraction = String(repeating: "0", count: scale - fraction.count) + fraction
        var needed = scale
        while needed > 0, fraction[fraction.index(fraction.startIndex, offsetBy: needed - 1)] == "0" { needed -= 1 }
        let decimals = random.int(needed...6)
        var text = value < 0 || (value == 0 && random.chance(2)) ? "-" : ""
        text += String(integer)
        if decimals > 0 {
            text += "." + fraction.prefix(min(decimals, scale)) + String(repeating: "0", count: max(0, decimals - scale))
        }
        return text
    }

    /// Sizes in hundredths: whole or fractional contracts, small or large.
    mutating func quantityUnits(allowNegative: Bool) -> Int64 {
        let magnitude: Int64
        switch random.int(0...9) {
        case 0: magnitude = 0
        case 1...4: magnitude = Int64(random.int(1...5_000)) * 100
        case 5...7: magnitude = Int64(random.int(1...500_000))
        default: magnitude = Int64(random.int(1...999_999_999)) * Int64(random.pick([1, 100]))
        }
        return allowNegative && random.chance(50) ? -magnitude : magnitude
    }

    mutating func ticker() -> (value: String, json: String) {
        let value: String
        if random.chance(85) {
            let series = random.pick(["KXBTCD", "KXBTC", "KXETHD", "FED", "INXD", "HIGHNY"])
            let strike = random.pick(["T", "B"]) + String(random.int(1_000...99_999))
            value = "\(series)-26APR\(random.int(10...28))\(random.int(10...23))-\(strike)"
        } else {
            var text = randomText(maxLength: 30)
            if text.isEmpty { text = "X" }
            value = text
        }
        return (value, jsonString(value))
    }

    mutating func uuid() -> String {
        let hex = Array("0123456789abcdef")
        return [8, 4, 4, 4, 12].map { length in String((0..<length).map { _ in random.pick(hex) }) }.joined(separator: "-")
    }

    /// Text with ASCII and non-ASCII (BMP and not), and now and then characters that must be escaped
    /// (quotes, backslashes, control characters: such values send the frame to the general decoder).
    mutating func randomText(maxLength: Int) -> String {
        let plain: [Character] = Array("abcXYZ019-_. /:") + ["\u{7F}", "é", "€", "日", "😀"]
        let pool = random.chance(30) ? plain + ["\"", "\\", "\n", "\t", "\u{01}"] : plain
        return String((0..<random.int(0...maxLength)).map { _ in random.pick(pool) })
    }

    // MARK: Unknown members

    static let knownNames: Set<String> = [
        "type", "id", "sid", "seq", "msg", "market_ticker", "market_id", "price_dollars", "delta_fp", "side", "ts_ms",
        "client_order_id", "price", "delta", "yes_dollars_fp", "no_dollars_fp", "yes_dollars", "no_dollars", "yes", "no",
        "ts", "subaccount",
    ]

    mutating func addUnknownMembers(_ members: inout Members) {
        for _ in 0..<random.int(0...3) { members.top.append((unknownName(), unknownValue(depth: 1))) }
        for _ in 0..<random.int(0...3) { members.msg.append((unknownName(), unknownValue(depth: 2))) }
    }

    /// A name that is none of the book members (so the frame's meaning does not change), escaped now
    /// and then (which sends the frame to the general decoder).
    mutating func unknownName() -> String {
        var name = random.pick(["extra", "Type", "SEQ", "msgs", "sid_", "market", "meta", "x", "", "😀", "tsms", "yes_"])
        if random.chance(30) { name += String(random.int(0...99)) }
        if Self.knownNames.contains(name) { name += "_" }
        return jsonString(name, escapes: random.chance(1))
    }

    /// Any JSON value: strings, integers, decimals, booleans, null, objects and arrays.
    mutating func unknownValue(depth: Int) -> String {
        switch random.int(0...(depth >= 4 ? 6 : 8)) {
        case 0: return jsonString(randomText(maxLength: 12))
        case 1: return String(random.int(-9_999_999...9_999_999_999))
        case 2: return random.pick(["0", "-0", "0.5", "-12.250", "3.14159", "1234567890123456789", "-0.0"])
        case 3:
            // Exponents are valid JSON; the fast path leaves them to the general decoder.
            return random.chance(5) ? random.pick(["1e3", "-2.5E-2", "6.02e+23"]) : "true"
        case 4: return "false"
        case 5: return "null"
        case 6: return jsonString(uuid())
        case 7:
            var nested: [(name: String, json: String)] = []
            for _ in 0..<random.int(0...3) {
                // Nested names may be anything, even the book's own names: they are not the book's.
                let name = random.chance(30) ? "\"\(random.pick(Array(Self.knownNames)))\"" : unknownName()
                nested.append((name, unknownValue(depth: depth + 1)))
            }
            return object(nested)
        default:
            return array((0..<random.int(0...4)).map { _ in unknownValue(depth: depth + 1) })
        }
    }
}
