/// Reads a `decisions.jsonl` line the way the session log writes it — one compact, flat JSON
/// object of plain ASCII strings, numbers and nulls — without `JSONDecoder` (a backtest's log
/// holds millions of lines; decoding each through Codable made `report` take minutes).
/// Anything else (escapes, non-ASCII text, spaces, booleans, nesting, a repeated member, a
/// number `JSONDecoder` would refuse) returns nil, and the caller decodes the line the general
/// way: the result is the same either way.
enum DecisionLineScanner {
    static func scan(_ line: ArraySlice<UInt8>) -> SessionLogFiles.DecisionLine? {
        var scanner = Cursor(bytes: line, index: line.startIndex)
        var time: String?
        var ticker: String?
        var fair: Double?
        var bid: String?
        var ask: String?
        var timeToClose: Double?
        var action: String?
        var seen: UInt8 = 0
        guard scanner.take(0x7B) else { return nil }  // {
        while true {
            guard let key = scanner.string() else { return nil }
            guard scanner.take(0x3A) else { return nil }  // :
            guard let value = scanner.value() else { return nil }
            let bit: UInt8
            switch key {
            case "time":
                guard case .text(let text) = value else { return nil }
                (time, bit) = (text, 1)
            case "ticker":
                guard case .text(let text) = value else { return nil }
                (ticker, bit) = (text, 2)
            case "fair":
                guard let number = value.optionalNumber else { return nil }
                (fair, bit) = (number, 4)
            case "time_to_close":
                guard let number = value.optionalNumber else { return nil }
                (timeToClose, bit) = (number, 8)
            case "bid":
                guard let text = value.optionalText else { return nil }
                (bid, bit) = (text, 16)
            case "ask":
                guard let text = value.optionalText else { return nil }
                (ask, bit) = (text, 32)
            case "action":
                guard let text = value.optionalText else { return nil }
                (action, bit) = (text, 64)
            default:
                bit = 0
            }
            guard seen & bit == 0 else { return nil }
            seen |= bit
            if scanner.take(0x2C) { continue }  // ,
            guard scanner.take(0x7D), scanner.index == line.endIndex else { return nil }  // } and nothing after
            break
        }
        guard let time, let ticker else { return nil }
        return SessionLogFiles.DecisionLine(time: time, ticker: ticker, fair: fair, bid: bid, ask: ask, timeToClose: timeToClose, action: action)
    }

    enum Value {
        case text(String)
        case number(Double)
        case null

        /// nil: not a number nor null (the line goes the general way); .some(nil): null.
        var optionalNumber: Double?? {
            switch self {
            case .number(let value): .some(value)
            case .null: .some(nil)
            case .text: nil
            }
        }

        var optionalText: String?? {
            switch self {
            case .text(let value): .some(value)
            case .null: .some(nil)
            case .number: nil
            }
        }
    }

    struct Cursor {
        let bytes: ArraySlice<UInt8>
        var index: Int

        mutating func take(_ byte: UInt8) -> Bool {
            guard index < bytes.endIndex, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        /// A string of printable ASCII without escapes.
        mutating func string() -> String? {
            guard take(0x22) else { return nil }
            let start = index
            while index < bytes.endIndex {
                let byte = bytes[index]
                if byte == 0x22 {
                    defer { index += 1 }
                    return String(decoding: bytes[start..<index], as: UTF8.self)
                }
                guard byte >= 0x20, byte < 0x7F, byte != 0x5C else { return nil }
                index += 1
            }
            return nil
        }

        mutating func value() -> Value? {
            guard index < bytes.endIndex else { return nil }
            switch bytes[index] {
            case 0x22:
                return string().map(Value.text)
            case 0x6E:  // null
                guard bytes.endIndex - index >= 4, bytes[index + 1] == 0x75, bytes[index + 2] == 0x6C, bytes[index + 3] == 0x6C else {
                    return nil
                }
                index += 4
                return .null
            case 0x2D, 0x30...0x39:
                return number().map(Value.number)
            default:
                return nil
            }
        }

        /// A number in JSON's grammar, finite as a Double.
        mutating func number() -> Double? {
            let start = index
            _ = take(0x2D)
            func digits() -> Int {
                let first = index
                while index < bytes.endIndex, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
                return index - first
            }
            let whole = index
            let wholeDigits = digits()
            guard wholeDigits > 0, !(wholeDigits > 1 && bytes[whole] == 0x30) else { return nil }
            if take(0x2E) { guard digits() > 0 else { return nil } }
            if take(0x65) || take(0x45) {
                if !take(0x2B) { _ = take(0x2D) }
                guard digits() > 0 else { return nil }
            }
            guard let value = Double(String(decoding: bytes[start..<index], as: UTF8.self)), value.isFinite else { return nil }
            return value
        }
    }
}
