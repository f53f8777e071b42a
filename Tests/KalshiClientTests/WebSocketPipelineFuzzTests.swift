import KalshiAPI
import KalshiCore
import NIOCore
import NIOEmbedded
import NIOWebSocket
import Testing

@testable import KalshiClient

/// The client's frame pipeline (NIO's decoder and aggregator, then `WebSocketTextHandler`) fed
/// what a server could send, seeded so a failure replays with its seed: well-formed streams
/// (texts whole and in fragments, pings, pongs, binary, a close) must deliver exactly their
/// texts and answer exactly their pings; random bytes must never trap and must leave the
/// connection either open or closed with its inbox finished.
@Suite struct WebSocketPipelineFuzzTests {
    static let maxFrameSize = 4_096

    static func pipeline() throws -> (EmbeddedChannel, WebSocketInbox) {
        let inbox = WebSocketInbox()
        let channel = EmbeddedChannel()
        let pipeline = channel.pipeline.syncOperations
        try pipeline.addHandler(ByteToMessageHandler(WebSocketFrameDecoder(maxFrameSize: maxFrameSize)))
        try pipeline.addHandler(WebSocketFrameEncoder())
        try pipeline.addHandler(
            NIOWebSocketFrameAggregator(minNonFinalFragmentSize: 0, maxAccumulatedFrameCount: 1 << 16, maxAccumulatedFrameSize: maxFrameSize))
        try pipeline.addHandler(WebSocketTextHandler(inbox: inbox, pingPeriodMs: nil))
        inbox.attach(channel)
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        return (channel, inbox)
    }

    /// A server's frame (unmasked) as bytes.
    static func bytes(fin: Bool, opcode: UInt8, payload: [UInt8]) -> [UInt8] {
        var head: [UInt8] = [(fin ? 0x80 : 0) | opcode]
        if payload.count < 126 {
            head.append(UInt8(payload.count))
        } else {
            head += [126, UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
        }
        return head + payload
    }

    /// Every frame the client wrote, decoded.
    static func written(_ channel: EmbeddedChannel) throws -> [WebSocketFrame] {
        let decoder = EmbeddedChannel(handler: ByteToMessageHandler(WebSocketFrameDecoder(maxFrameSize: 1 << 20)))
        while let buffer = try channel.readOutbound(as: ByteBuffer.self) { try decoder.writeInbound(buffer) }
        var frames: [WebSocketFrame] = []
        while let frame = try decoder.readInbound(as: WebSocketFrame.self) { frames.append(frame) }
        return frames
    }

    static func delivered(_ inbox: WebSocketInbox) async -> [String] {
        inbox.finish(.success(nil))
        var texts: [String] = []
        while let text = await inbox.next() { texts.append(text) }
        return texts
    }

    @Test(arguments: 0..<8)
    func wellFormedStreamsDeliverTheirTextsAndAnswerTheirPings(batch: Int) async throws {
        for seed in UInt64(batch * 50)..<UInt64(batch * 50 + 50) {
            var random = SplitMixRandom(seed: seed)
            let (channel, inbox) = try Self.pipeline()
            var expectedTexts: [String] = []
            var expectedPongs: [[UInt8]] = []
            var stream: [UInt8] = []
            for _ in 0..<Int.random(in: 1...12, using: &random) {
                let text = String((0..<Int.random(in: 0...300, using: &random)).map { _ in "aé{\"}1".randomElement(using: &random) ?? "a" })
                switch Int.random(in: 0..<5, using: &random) {
                case 0:
                    stream += Self.bytes(fin: true, opcode: 0x1, payload: Array(text.utf8))
                    expectedTexts.append(text)
                case 1:
                    // The text in up to four fragments, a ping between two of them.
                    let utf8 = Array(text.utf8)
                    var cuts = (0..<3).map { _ in Int.random(in: 0...utf8.count, using: &random) }.sorted()
                    cuts = [0] + cuts + [utf8.count]
                    for index in 0..<(cuts.count - 1) {
                        let opcode: UInt8 = index == 0 ? 0x1 : 0x0
                        stream += Self.bytes(fin: index == cuts.count - 2, opcode: opcode, payload: Array(utf8[cuts[index]..<cuts[index + 1]]))
                        if index == 0 {
                            let ping = (0..<Int.random(in: 0...125, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
                            stream += Self.bytes(fin: true, opcode: 0x9, payload: ping)
                            expectedPongs.append(ping)
                        }
                    }
                    expectedTexts.append(text)
                case 2:
                    let ping = (0..<Int.random(in: 0...125, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
                    stream += Self.bytes(fin: true, opcode: 0x9, payload: ping)
                    expectedPongs.append(ping)
                case 3:
                    stream += Self.bytes(fin: true, opcode: 0xA, payload: [1, 2])
                default:
                    stream += Self.bytes(fin: true, opcode: 0x2, payload: Array(text.utf8))
                }
            }
            // Delivered in reads cut anywhere.
            var offset = 0
            while offset < stream.count {
                let length = min(stream.count - offset, Int.random(in: 1...700, using: &random))
                try channel.writeInbound(ByteBuffer(bytes: stream[offset..<offset + length]))
                offset += length
            }
            let frames = try Self.written(channel)
            #expect(frames.map(\.opcode) == Array(repeating: .pong, count: expectedPongs.count), "seed \(seed)")
            #expect(frames.map { Array($0.unmaskedData.readableBytesView) } == expectedPongs, "seed \(seed)")
            #expect(frames.allSatisfy { $0.maskKey != nil }, "seed \(seed)")
            #expect(channel.isActive, "seed \(seed)")
            #expect(await Self.delivered(inbox) == expectedTexts, "seed \(seed)")
            _ = try? channel.finish()
        }
    }

    @Test(arguments: 0..<4)
    func randomBytesNeverTrapAndEndInADefinedState(batch: Int) async throws {
        var (open, violations) = (0, 0)
        for seed in UInt64(10_000 + batch * 250)..<UInt64(10_000 + batch * 250 + 250) {
            var random = SplitMixRandom(seed: seed)
            let (channel, inbox) = try Self.pipeline()
            for _ in 0..<Int.random(in: 1...8, using: &random) {
                guard channel.isActive else { break }
                var chunk: [UInt8]
                if Bool.random(using: &random) {
                    chunk = (0..<Int.random(in: 1...200, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
                } else {
                    // A frame with a random header byte (fin, reserved bits, any opcode) and length.
                    let payload = (0..<Int.random(in: 0...300, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
                    chunk = Self.bytes(fin: true, opcode: 0, payload: payload)
                    chunk[0] = UInt8.random(in: 0...255, using: &random)
                }
                _ = try? channel.writeInbound(ByteBuffer(bytes: chunk))
            }
            let frames = (try? Self.written(channel)) ?? []
            #expect(frames.count { $0.opcode == .connectionClose } <= 1, "seed \(seed)")
            // Open with the inbox still taking frames, or closed with it finished.
            #expect(channel.isActive != inbox.isFinished, "seed \(seed)")
            if case .failure(let failure) = inbox.outcome {
                // A violation was answered with a close frame before the connection closed.
                guard case .protocolViolation = failure else {
                    Issue.record("seed \(seed): \(failure)")
                    continue
                }
                #expect(frames.last?.opcode == .connectionClose, "seed \(seed)")
                violations += 1
            }
            if channel.isActive { open += 1 }
            _ = try? channel.finish()
        }
        // The seeds reach both ends: connections that survive and protocol violations.
        #expect(open > 0 && violations > 0, "open \(open), violations \(violations)")
    }
}

/// Text that is not UTF-8 fails the connection with 1007 (RFC 6455 §8.1) rather than reaching
/// the feed repaired, and nothing read behind it is delivered; UTF-8 split across fragments is
/// whole once they are joined.
@Suite struct WebSocketTextValidityTests {
    typealias Fuzz = WebSocketPipelineFuzzTests

    @Test(arguments: [
        [0x7B, 0xC3, 0x28, 0x7D],  // a lead byte followed by no continuation
        [0x22, 0xFF, 0x22],  // a byte UTF-8 never uses
        [0xED, 0xA0, 0x80],  // an encoded surrogate
        [0xC0, 0xAF],  // an overlong '/'
        [0x61, 0xE2, 0x82],  // cut in the middle of a character
    ] as [[UInt8]])
    func textThatIsNotUTF8ClosesWith1007AndDeliversNothingAfterIt(payload: [UInt8]) async throws {
        let (channel, inbox) = try Fuzz.pipeline()
        let stream =
            Fuzz.bytes(fin: true, opcode: 0x1, payload: Array("before".utf8))
            + Fuzz.bytes(fin: true, opcode: 0x1, payload: payload)
            + Fuzz.bytes(fin: true, opcode: 0x1, payload: Array("after".utf8))
        try? channel.writeInbound(ByteBuffer(bytes: stream))
        let closes = try Fuzz.written(channel).filter { $0.opcode == .connectionClose }
        #expect(closes.map { Array($0.unmaskedData.readableBytesView) } == [[0x03, 0xEF]])  // 1007
        #expect(!channel.isActive)
        guard case .failure(.protocolViolation(let what)) = inbox.outcome else {
            Issue.record("outcome \(inbox.outcome)")
            return
        }
        #expect(what.contains("UTF-8"))
        #expect(await Fuzz.delivered(inbox) == ["before"])
    }

    @Test func aCharacterSplitAcrossFragmentsIsDeliveredWhole() async throws {
        let (channel, inbox) = try Fuzz.pipeline()
        let text = "{\"ticker\":\"é€𝄞\"}"
        let utf8 = Array(text.utf8)
        // Cut inside 'é' (2 bytes) and inside '𝄞' (4 bytes).
        let first = try #require(utf8.firstIndex(of: 0xC3)) + 1
        let second = try #require(utf8.firstIndex(of: 0xF0)) + 2
        let stream =
            Fuzz.bytes(fin: false, opcode: 0x1, payload: Array(utf8[..<first]))
            + Fuzz.bytes(fin: false, opcode: 0x0, payload: Array(utf8[first..<second]))
            + Fuzz.bytes(fin: true, opcode: 0x0, payload: Array(utf8[second...]))
        try channel.writeInbound(ByteBuffer(bytes: stream))
        #expect(channel.isActive)
        #expect(try Fuzz.written(channel).isEmpty)
        #expect(await Fuzz.delivered(inbox) == [text])
    }
}
