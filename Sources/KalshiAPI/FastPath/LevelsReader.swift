import KalshiCore

/// Parses the entries of a snapshot side as the array walk meets them, stopping at the first bad one.
struct LevelsReader: JSONElementVisitor {
    let field: String
    var levels: [BookLevel] = []

    mutating func visit(position: Int, reader: inout JSONByteReader, depth: Int) throws(ScanExit) {
        // Built only for an error message: a snapshot may hold hundreds of levels.
        func entry() -> String { "\(field)[\(position)]" }
        guard try reader.peek() == ASCII.openBracket else {
            throw .failed(.wrongType(field: entry(), expected: "a [price, count] pair"))
        }
        var pair = PairReader()
        try reader.readArray(depth: depth &+ 1, into: &pair)
        guard pair.count == 2, let priceText = pair.first, let sizeText = pair.second else {
            throw .failed(.wrongType(field: entry(), expected: "a [price, count] pair"))
        }
        guard priceText.kind == .string, sizeText.kind == .string else {
            throw .failed(.wrongType(field: entry(), expected: "a pair of strings"))
        }
        guard priceText.isVerbatim, sizeText.isVerbatim else { throw .fallBack }
        let price = try reader.price(priceText, field: entry())
        let size = try reader.quantity(sizeText, allowNegative: false, field: entry())
        levels.append(BookLevel(price: price, size: size))
    }
}

/// Keeps the first two elements of a level entry and counts them all.
struct PairReader: JSONElementVisitor {
    var first: JSONValueSpan?
    var second: JSONValueSpan?
    var count = 0

    mutating func visit(position: Int, reader: inout JSONByteReader, depth: Int) throws(ScanExit) {
        let value = try reader.readValue(depth: depth)
        switch position {
        case 0: first = value
        case 1: second = value
        default: break
        }
        count &+= 1
    }
}
