import FuzzSupport
import KalshiAPI

/// The feeds' WebSocket handshake: the first byte picks what the rest is — the server's answer
/// to the upgrade (judged as the client does, byte by byte as it could arrive), a feed URL, or a
/// header to send (name, a zero byte, value). Checks what must hold whatever the input: an
/// upgrade's head lies within the bytes given, and a header that is accepted cannot add a line
/// to the request.
let key = "dGhlIHNhbXBsZSBub25jZQ=="
let handshake = try! WebSocketHandshake(
    endpoint: WebSocketEndpoint("wss://api.elections.kalshi.com/trade-api/ws/v2"), key: key,
    expectedAccept: "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", headers: [])

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Array(FuzzInput.bytes(data, size))
    guard let selector = bytes.first else { return 0 }
    let rest = Array(bytes.dropFirst())
    switch selector % 3 {
    case 0:
        // Whole, and cut where a read could end.
        for cut in [rest.count, rest.count / 2, rest.count / 3] {
            if case .upgraded(let headBytes) = handshake.judge(rest.prefix(cut)) {
                precondition(headBytes >= 4 && headBytes <= cut, "head of \(headBytes) bytes in \(cut)")
            }
        }
    case 1:
        if let endpoint = try? WebSocketEndpoint(String(decoding: rest, as: UTF8.self)) {
            precondition((1...65_535).contains(endpoint.port) && endpoint.target.first == "/" && !endpoint.host.isEmpty)
            precondition(!endpoint.target.utf8.contains(where: { $0 <= 0x20 || $0 == 0x7F }), "target \(endpoint.target)")
        }
    default:
        let split = rest.firstIndex(of: 0) ?? rest.count
        let name = String(decoding: rest[..<split], as: UTF8.self)
        let value = String(decoding: rest[min(split + 1, rest.count)...], as: UTF8.self)
        if let accepted = try? WebSocketHandshake(
            endpoint: WebSocketEndpoint("ws://h/"), key: key, expectedAccept: "", headers: [(name, value)])
        {
            let lines = String(decoding: accepted.request, as: UTF8.self).split(separator: "\r\n", omittingEmptySubsequences: false)
            // Request line, Host, four handshake headers, the given one, and the blank line's two.
            precondition(lines.count == 9, "the header added lines: \(lines.count)")
            precondition(accepted.request.filter { $0 == 10 }.count == 8, "a bare line feed in the request")
        }
    }
    return 0
}

FuzzDriver.run(fuzz)
