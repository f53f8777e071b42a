import Foundation
import KalshiCore

/// One step's records as a line of the ahead log (`JournalAheadLog`):
///
///     {"session":"s","seq":41,"run":3,"time_ms":1764000000000,"rows":[["order_intents",["s-7",7,…]]]}
///
/// The rows are the journal's own (`JournalRowCodec`): the line holds exactly what the database
/// rows will, so a replay after a crash stores the same thing the commit would have. Records
/// take the sequence numbers `seq`, `seq + 1`, … in order.
struct JournalAheadLine: Equatable, Sendable {
    var session: String
    var firstSeq: Int64
    var runId: Int64
    var timeMs: Int64
    var records: [JournalRecord]

    /// The sequence number of the last record (checked not to overflow when decoded).
    var lastSeq: Int64 { firstSeq + Int64(records.count) - 1 }

    /// The line's bytes, newline included. Laid out by hand: this is on the order's path.
    var bytes: [UInt8] {
        // The whole line goes through the row sink's buffer; the codec writes each row's values
        // into it as it goes.
        var line = JSONRow()
        line.out.reserveCapacity(160 + 96 * records.count)
        line.out += #"{"session":"#.utf8
        JSONString.appendQuoted(session, to: &line.out)
        line.out += #","seq":"#.utf8
        DecimalDigits.append(firstSeq, to: &line.out)
        line.out += #","run":"#.utf8
        DecimalDigits.append(runId, to: &line.out)
        line.out += #","time_ms":"#.utf8
        DecimalDigits.append(timeMs, to: &line.out)
        line.out += #","rows":["#.utf8
        for (index, record) in records.enumerated() {
            if index > 0 { line.out.append(0x2C) }
            line.out += #"[""#.utf8
            line.out += JournalRowCodec.table(of: record).rawValue.utf8
            line.out += #"",["#.utf8
            line.first = true
            JournalRowCodec.encode(record, into: &line)
            line.out += "]]".utf8
        }
        line.out += "]}\n".utf8
        return line.out
    }

    /// A row's values written as JSON array elements as the codec gives them.
    private struct JSONRow: JournalRowSink {
        var out: [UInt8] = []
        var first = true

        private mutating func separate() {
            if first { first = false } else { out.append(0x2C) }
        }
        mutating func int(_ value: Int64) {
            separate()
            DecimalDigits.append(value, to: &out)
        }
        mutating func text(_ value: String) {
            separate()
            JSONString.appendQuoted(value, to: &out)
        }
        mutating func null() {
            separate()
            out += "null".utf8
        }
    }

    /// Decodes and checks a line (without its newline): every row must be one the journal's
    /// codec accepts, within its ranges; `line` numbers the line in errors (1-based).
    static func decode(_ bytes: ArraySlice<UInt8>, line: Int, path: String) throws(JournalError) -> JournalAheadLine {
        func corrupt(_ reason: String) -> JournalError {
            .readFailed(reason: "\(path) line \(line): \(reason); the journal is not opened until it is repaired")
        }
        let wire: Wire
        do { wire = try JSONDecoder().decode(Wire.self, from: Data(bytes)) } catch {
            throw corrupt("not a journal line (\(error))")
        }
        guard wire.seq >= 1 else { throw corrupt("seq \(wire.seq) is below 1") }
        guard !wire.rows.isEmpty else { throw corrupt("no rows") }
        guard wire.seq <= Int64.max - Int64(wire.rows.count) else { throw corrupt("seq \(wire.seq) leaves no room for its rows") }
        var records: [JournalRecord] = []
        records.reserveCapacity(wire.rows.count)
        for (index, row) in wire.rows.enumerated() {
            guard let table = JournalTable(rawValue: row.table) else { throw corrupt("row \(index + 1): unknown table '\(row.table)'") }
            guard row.values.count == table.columns.count else {
                throw corrupt("row \(index + 1): \(row.values.count) values for \(table.columns.count) columns of \(table.rawValue)")
            }
            do { records.append(try JournalRowCodec.decode(table, row.values)) } catch {
                throw corrupt("row \(index + 1): \(error)")
            }
        }
        return JournalAheadLine(session: wire.session, firstSeq: wire.seq, runId: wire.run, timeMs: wire.time_ms, records: records)
    }

    /// The line as JSON text, for decoding (a crash-time path: clarity over speed).
    private struct Wire: Decodable {
        let session: String
        let seq: Int64
        let run: Int64
        // swift-format-ignore: AlwaysUseLowerCamelCase
        let time_ms: Int64
        let rows: [Row]

        struct Row: Decodable {
            let table: String
            let values: [ColumnValue]

            init(from decoder: any Decoder) throws {
                var container = try decoder.unkeyedContainer()
                table = try container.decode(String.self)
                values = try container.decode([ColumnValue].self)
                guard container.isAtEnd else {
                    throw DecodingError.dataCorruptedError(in: container, debugDescription: "a row is [table, values]")
                }
            }
        }
    }
}

extension ColumnValue: Decodable {
    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let number = try? container.decode(Int64.self) {
            self = .int(number)
        } else {
            self = .text(try container.decode(String.self))
        }
    }
}
