import Foundation
import Testing

@testable import KalshiAPI

/// Lines come out byte for byte whatever the buffer size: `\n` and `\r\n` endings, empty lines,
/// a last line without an ending, lines longer than the buffer; unreadable paths are named errors.
struct ByteLineReaderTests {
    static func lines(of text: String, chunkSize: Int) throws -> [String] {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lines-\(UUID().uuidString)").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reader = try ByteLineReader(path: path, chunkSize: chunkSize)
        var lines: [String] = []
        while let line = reader.next() {
            lines.append(String(decoding: line, as: UTF8.self))
            #expect(reader.lineNumber == lines.count)
        }
        #expect(reader.failure == nil)
        return lines
    }

    @Test(arguments: [64, 100, 1 << 20])
    func linesComeOutAsWritten(chunkSize: Int) throws {
        let long = String(repeating: "x", count: 1_000)
        let text = "a\nbb\r\n\n\(long)\n\r\nlast é"
        #expect(try Self.lines(of: text, chunkSize: chunkSize) == ["a", "bb", "", long, "", "last é"])
        #expect(try Self.lines(of: text + "\n", chunkSize: chunkSize) == ["a", "bb", "", long, "", "last é"])
        #expect(try Self.lines(of: "", chunkSize: chunkSize).isEmpty)
        var many = ""
        for index in 0..<5_000 { many += "line \(index)\n" }
        #expect(try Self.lines(of: many, chunkSize: chunkSize) == (0..<5_000).map { "line \($0)" })
    }

    @Test func unreadablePathsAreNamed() {
        #expect(throws: ByteLineReaderError.self) { try ByteLineReader(path: "/nonexistent/recording.jsonl") }
        do {
            _ = try ByteLineReader(path: FileManager.default.temporaryDirectory.path)
            Issue.record("a directory was opened as a file")
        } catch {
            #expect(error.description.contains("is a directory"))
        }
    }
}
