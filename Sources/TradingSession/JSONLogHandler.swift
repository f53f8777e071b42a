import Foundation
import KalshiAPI
import Logging
import Synchronization

/// `--log-format json`: every log event as one JSON object on a line of standard output, for
/// log collectors (Loki, Vector, Fluent Bit, CloudWatch). Keys: `time` (RFC 3339, UTC, ms),
/// `level`, `label`, `message`, then the metadata (handler's, provider's, the event's), each
/// value a string, nested lists and dictionaries as JSON. Lines are written whole, one write
/// each, so concurrent loggers never interleave.
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let output: JSONLogOutput

    public init(label: String, output: JSONLogOutput = .standardOutput, metadataProvider: Logger.MetadataProvider? = nil) {
        self.label = label
        self.output = output
        self.metadataProvider = metadataProvider
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let own = event.metadata { merged.merge(own) { _, new in new } }
        var writer = JSONLineWriter()
        writer.add("time", utcMillis: Int64((Date().timeIntervalSince1970 * 1_000).rounded(.down)))
        writer.add("level", event.level.rawValue)
        writer.add("label", label)
        writer.add("message", event.message.description)
        for key in merged.keys.sorted() where !["time", "level", "label", "message"].contains(key) {
            switch merged[key]! {
            case .string(let text): writer.add(key, text)
            case .stringConvertible(let value): writer.add(key, value.description)
            case .array, .dictionary: writer.add(key, json: Self.json(merged[key]!))
            }
        }
        output.write(writer.line + "\n")
    }

    static func json(_ value: Logger.Metadata.Value) -> String {
        switch value {
        case .string(let text): return JSONLineWriter.quote(text)
        case .stringConvertible(let value): return JSONLineWriter.quote(value.description)
        case .array(let values): return "[" + values.map(json).joined(separator: ",") + "]"
        case .dictionary(let entries):
            return "{" + entries.keys.sorted().map { JSONLineWriter.quote($0) + ":" + json(entries[$0]!) }.joined(separator: ",") + "}"
        }
    }
}

/// Where JSON log lines go: standard output, or a collector in tests.
public final class JSONLogOutput: Sendable {
    private let sink: @Sendable (String) -> Void

    public init(_ sink: @escaping @Sendable (String) -> Void) { self.sink = sink }

    public static let standardOutput = JSONLogOutput { line in FileHandle.standardOutput.write(Data(line.utf8)) }

    func write(_ line: String) { sink(line) }
}

/// `--log-format`: the console's human lines, or JSON lines for collectors.
public enum LogFormat: String, Sendable, CaseIterable {
    case text
    case json

    /// Sends every logger of the process to JSON lines on standard output (once per process).
    public static func bootstrapJSON() {
        bootstrapped.withLock { done in
            guard !done else { return }
            done = true
            LoggingSystem.bootstrap { label in JSONLogHandler(label: label) }
        }
    }

    private static let bootstrapped = Mutex(false)
}
