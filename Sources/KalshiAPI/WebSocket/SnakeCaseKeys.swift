import Foundation
import Synchronization

/// `JSONDecoder`'s `convertFromSnakeCase`, with each distinct key converted once and remembered:
/// Foundation splits, capitalizes and joins every key of every frame, about 40 % of decoding a
/// fill. The conversion itself is Foundation's (a one-key document decoded with its strategy),
/// so the keys are exactly those `KalshiJSON.decoder()` produces; a differential test holds the
/// channel decoders to it. Used for the channel messages (`SinglePassFrame`), which hold no
/// string-keyed dictionaries (whose keys no strategy converts).
enum SnakeCaseKeys {
    /// Distinct keys remembered; a hostile stream of new keys is converted without being kept.
    static let cacheLimit = 4_096
    private static let cache = Mutex<[String: String]>([:])

    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .custom { path in ConvertedKey(converted(path.last?.stringValue ?? "")) }
        return decoder
    }

    static func converted(_ key: String) -> String {
        if let known = cache.withLock({ $0[key] }) { return known }
        let value = foundationConversion(key)
        cache.withLock { if $0.count < cacheLimit { $0[key] = value } }
        return value
    }

    /// What `convertFromSnakeCase` makes of `key`: the key of a one-member object as the
    /// strategy presents it. Should the probe fail, the key stays as sent, and a frame needing
    /// its conversion fails to decode here and gets the reference decoder's verdict.
    static func foundationConversion(_ key: String) -> String {
        guard let document = try? JSONSerialization.data(withJSONObject: [key: 0]) else { return key }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return (try? decoder.decode(KeyProbe.self, from: document).key) ?? key
    }

    private struct KeyProbe: Decodable {
        let key: String

        init(from decoder: Decoder) throws {
            guard let first = try decoder.container(keyedBy: ConvertedKey.self).allKeys.first else {
                throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "no key"))
            }
            key = first.stringValue
        }
    }

    private struct ConvertedKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }

        init(_ value: String) { stringValue = value }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
