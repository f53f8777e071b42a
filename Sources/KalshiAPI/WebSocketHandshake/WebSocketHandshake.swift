import Foundation

/// The client's side of the WebSocket opening handshake (RFC 6455 §4), as values: the upgrade
/// request's bytes, and the server's answer judged from the bytes received so far. Pure (the
/// feed client computes the expected `Sec-WebSocket-Accept`, a SHA-1, with swift-crypto), so the
/// answer's parser is fuzzed with the other decoders (`fuzz-websocket-handshake`).
public struct WebSocketHandshake: Sendable {
    /// The most bytes an answer's status line and headers may take.
    public static let maxResponseHeadBytes = 16 * 1024

    public let request: [UInt8]
    /// The `Sec-WebSocket-Accept` a valid answer carries.
    public let expectedAccept: String

    /// `key` is the request's `Sec-WebSocket-Key` (16 random bytes in base64) and
    /// `expectedAccept` the answer it calls for (base64 of SHA-1 of the key and the protocol's
    /// GUID, `acceptGUID`); `headers` are sent after the handshake's own (the feed's signature).
    public init(
        endpoint: WebSocketEndpoint, key: String, expectedAccept: String, headers: [(name: String, value: String)]
    ) throws(TextWebSocketError) {
        var text = "GET \(endpoint.target) HTTP/1.1\r\nHost: \(endpoint.hostHeader)\r\n"
        text += "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: \(key)\r\nSec-WebSocket-Version: 13\r\n"
        for (name, value) in headers {
            guard !name.isEmpty, name.utf8.allSatisfy(Self.isTokenByte) else { throw .invalidHeader(name) }
            guard value.utf8.allSatisfy({ $0 == 0x09 || ($0 >= 0x20 && $0 != 0x7F) }) else { throw .invalidHeader(name) }
            text += "\(name): \(value)\r\n"
        }
        text += "\r\n"
        request = Array(text.utf8)
        self.expectedAccept = expectedAccept
    }

    /// Appended to the key before hashing (RFC 6455 §1.3).
    public static let acceptGUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

    /// A fresh `Sec-WebSocket-Key`.
    public static func randomKey() -> String {
        var generator = SystemRandomNumberGenerator()
        return Data((0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }).base64EncodedString()
    }

    public enum Answer: Equatable, Sendable {
        /// The head is not complete yet.
        case incomplete
        /// Upgraded; the head took this many bytes (what follows is WebSocket frames).
        case upgraded(headBytes: Int)
        case failed(TextWebSocketError)
    }

    /// Judges the answer from the bytes received so far.
    public func judge(_ bytes: some Collection<UInt8>) -> Answer {
        let bytes = Array(bytes.prefix(Self.maxResponseHeadBytes + 4))
        guard let end = Self.headEnd(bytes) else {
            return bytes.count > Self.maxResponseHeadBytes
                ? .failed(.invalidHandshake("answer head longer than \(Self.maxResponseHeadBytes) bytes")) : .incomplete
        }
        let head = String(decoding: bytes[..<end], as: UTF8.self)
        var lines = head.split(separator: "\r\n", omittingEmptySubsequences: false)
        let statusLine = lines.removeFirst()
        let parts = statusLine.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), parts[1].utf8.count == 3, let status = Int(parts[1]) else {
            return .failed(.invalidHandshake("status line \"\(statusLine.prefix(80))\""))
        }
        guard status == 101 else {
            return .failed(.upgradeRefused(status: status, reason: parts.count > 2 ? String(parts[2].prefix(80)) : ""))
        }
        var fields: [String: String] = [:]
        for line in lines where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else {
                return .failed(.invalidHandshake("header line \"\(line.prefix(80))\""))
            }
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            fields[name] = fields[name].map { "\($0), \(value)" } ?? value
        }
        guard fields["upgrade"]?.lowercased() == "websocket" else {
            return .failed(.invalidHandshake("Upgrade is \"\(fields["upgrade"] ?? "")\", not websocket"))
        }
        guard let connection = fields["connection"],
            connection.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces).lowercased() == "upgrade" }
            )
        else { return .failed(.invalidHandshake("Connection does not name Upgrade")) }
        guard fields["sec-websocket-accept"] == expectedAccept else {
            return .failed(
                .invalidHandshake("Sec-WebSocket-Accept \"\(fields["sec-websocket-accept"] ?? "")\" does not match the key"))
        }
        if let extensions = fields["sec-websocket-extensions"], !extensions.isEmpty {
            return .failed(.invalidHandshake("extension \"\(extensions.prefix(80))\" was not asked for"))
        }
        return .upgraded(headBytes: end + 4)
    }

    /// The index of the blank line's CR LF CR LF.
    private static func headEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4)
        where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return index
        }
        return nil
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default: "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }
}
