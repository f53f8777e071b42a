import Foundation

extension FrameDecodingError {
    /// Maps Foundation's decoding errors onto the frame error cases, naming the field path
    /// with Kalshi's own (snake_case) key names.
    public init(_ error: DecodingError) {
        func path(_ codingPath: [any CodingKey]) -> String {
            codingPath.map { key in key.intValue.map { "[\($0)]" } ?? snakeCase(key.stringValue) }
                .joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .keyNotFound(let key, let context):
            self = .missingField(path(context.codingPath + [key]))
        case .typeMismatch(let type, let context):
            self = .wrongType(field: path(context.codingPath), expected: "\(type)")
        case .valueNotFound(let type, let context):
            self = .wrongType(field: path(context.codingPath), expected: "\(type)")
        case .dataCorrupted(let context):
            self = .invalidValue(field: path(context.codingPath), value: "", reason: context.debugDescription)
        @unknown default:
            self = .notJSON(String(describing: error))
        }
    }
}

/// `yesPriceDollars` → `yes_price_dollars`: the wire name of a key decoded with
/// `.convertFromSnakeCase`, so messages quote the field as the exchange spells it.
func snakeCase(_ name: String) -> String {
    var result = ""
    for character in name {
        if character.isUppercase {
            result += "_" + character.lowercased()
        } else {
            result.append(character)
        }
    }
    return result
}
