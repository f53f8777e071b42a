import Foundation
import Testing

@testable import Recording

/// Truncated and corrupt recordings: the error names the byte offset where the valid part ends,
/// every record before it is delivered, and the file cut at that offset reads cleanly.
struct RecordingDamageTests {
    /// A recording of several blocks, with the offsets where its blocks start.
    static func recording() throws -> (path: String, blockStarts: [Int64], bytes: Data) {
        let path = try Scratch.directory().appendingPathComponent("synthetic.krec").path
        try SyntheticRecording.write(path: path, events: 12_000, seed: 11)
        let bytes = FileManager.default.contents(atPath: path)!
        let reader = try RecordingReader(path: path)
        var starts: [Int64] = []
        var last: Int64 = -1
        var position = reader.offset
        while try reader.next() != nil {
            if reader.offset != last {
                starts.append(position)
                last = reader.offset
            }
            position = reader.offset
        }
        return (path, starts, bytes)
    }

    static func write(_ data: Data) throws -> String {
        let path = try Scratch.directory().appendingPathComponent("damaged.krec").path
        try data.write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Reads until the error; returns the records delivered and the error.
    static func readUntilError(_ path: String) throws -> (Int, RecordingError?) {
        let reader = try RecordingReader(path: path)
        var count = 0
        do {
            while try reader.next() != nil { count += 1 }
            return (count, nil)
        } catch {
            return (count, error)
        }
    }

    @Test(arguments: [1, 23, 24, 500, -1])
    func aTruncatedRecordingNamesTheOffsetOfItsLastWholeBlock(cutInsideThirdBlock: Int) throws {
        let (_, starts, bytes) = try Self.recording()
        #expect(starts.count >= 4)
        let third = Int(starts[2])
        let cut = cutInsideThirdBlock < 0 ? Int(starts[3]) - 1 : third + cutInsideThirdBlock
        let path = try Self.write(bytes.prefix(cut))
        let (delivered, error) = try Self.readUntilError(path)
        guard case .truncated(let offset, _, let valid)? = error else {
            Issue.record("expected a truncation error, got \(String(describing: error))")
            return
        }
        #expect(offset == Int64(third))
        #expect(valid == delivered)
        #expect(error!.description.contains("byte offset \(third)"))
        // The valid prefix is a recording on its own.
        let repaired = try Self.write(bytes.prefix(Int(offset)))
        let (again, none) = try Self.readUntilError(repaired)
        #expect(none == nil)
        #expect(again == delivered)
    }

    @Test func aFlippedByteInABlockIsCorruptionAtThatBlock() throws {
        let (_, starts, bytes) = try Self.recording()
        var damaged = bytes
        let target = Int(starts[1]) + 24 + 1_000
        damaged[target] ^= 0x40
        let (delivered, error) = try Self.readUntilError(try Self.write(damaged))
        guard case .corrupt(let offset, let detail, let valid)? = error else {
            Issue.record("expected corruption, got \(String(describing: error))")
            return
        }
        #expect(offset == starts[1])
        #expect(detail.contains("checksum"))
        #expect(valid == delivered)
        #expect(delivered > 0)
    }

    @Test func garbageWhereABlockShouldStartIsCorruption() throws {
        let (_, starts, bytes) = try Self.recording()
        var damaged = bytes
        for index in 0..<8 { damaged[Int(starts[2]) + index] = UInt8(ascii: "X") }
        let (_, error) = try Self.readUntilError(try Self.write(damaged))
        #expect(error?.offset == starts[2])
        #expect(error?.description.contains("corrupt recording at byte offset \(starts[2])") == true)
    }

    @Test func aRecordingCutInsideItsHeaderIsTruncatedAtZero() throws {
        let (_, _, bytes) = try Self.recording()
        let path = try Self.write(bytes.prefix(30))
        #expect(throws: RecordingError.self) { try RecordingReader(path: path) }
        do {
            _ = try RecordingReader(path: path)
        } catch {
            #expect(error.offset == 0)
        }
    }

    @Test func aWriterThatDiesMidBlockLeavesAValidPrefix() throws {
        // What a crash leaves: whole blocks, then part of one.
        let (_, starts, bytes) = try Self.recording()
        let path = try Self.write(bytes.prefix(Int(starts[1]) + 4_000))
        let (delivered, error) = try Self.readUntilError(path)
        #expect(error?.offset == starts[1])
        #expect(delivered > 0)
    }
}
