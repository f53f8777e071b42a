import Crypto
import Foundation
import KalshiAPI

extension WebSocketHandshake {
    /// The handshake for a fresh key, with the accept value it calls for.
    public init(endpoint: WebSocketEndpoint, key: String, headers: [(name: String, value: String)]) throws(TextWebSocketError) {
        try self.init(endpoint: endpoint, key: key, expectedAccept: Self.accept(forKey: key), headers: headers)
    }

    /// base64(SHA-1(key + the protocol's GUID)).
    public static func accept(forKey key: String) -> String {
        Data(Insecure.SHA1.hash(data: Data((key + acceptGUID).utf8))).base64EncodedString()
    }
}
