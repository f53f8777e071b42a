import Foundation

/// A strict reader of the Prometheus text exposition format (0.0.4), as a scraper reads it:
/// `# HELP` / `# TYPE` comments, then `name{label="value",…} value` samples. A line it cannot
/// read is an error naming the line, so a test fails on output Prometheus would refuse.
struct PrometheusText {
    struct Sample: Equatable {
        var name: String
        var labels: [String: String]
        var value: Double
    }

    struct Malformed: Error, CustomStringConvertible {
        var line: String
        var reason: String
        var description: String { "\(reason): \(line)" }
    }

    private(set) var samples: [Sample] = []
    private(set) var types: [String: String] = [:]

    init(_ text: String) throws {
        for raw in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let line = String(raw)
            if line.hasPrefix("#") {
                let parts = line.split(separator: " ", maxSplits: 3).map(String.init)
                if parts.count >= 4, parts[1] == "TYPE" {
                    guard ["counter", "gauge", "histogram", "summary", "untyped"].contains(parts[3]) else {
                        throw Malformed(line: line, reason: "unknown type")
                    }
                    guard types[parts[2]] == nil else { throw Malformed(line: line, reason: "a second TYPE for the metric") }
                    types[parts[2]] = parts[3]
                }
                continue
            }
            samples.append(try Self.sample(line))
        }
    }

    static func sample(_ line: String) throws -> Sample {
        let nameEnd = line.firstIndex { $0 == "{" || $0 == " " } ?? line.endIndex
        let name = String(line[..<nameEnd])
        guard name.range(of: #"^[a-zA-Z_:][a-zA-Z0-9_:]*$"#, options: .regularExpression) != nil else {
            throw Malformed(line: line, reason: "bad metric name")
        }
        var labels: [String: String] = [:]
        var rest = line[nameEnd...]
        if rest.first == "{" {
            guard let close = rest.lastIndex(of: "}") else { throw Malformed(line: line, reason: "unclosed labels") }
            let body = rest[rest.index(after: rest.startIndex)..<close]
            let pattern = try NSRegularExpression(pattern: #"([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)",?"#)
            let text = String(body)
            var consumed = 0
            for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                guard match.range.location == consumed else { throw Malformed(line: line, reason: "bad label list") }
                consumed = match.range.location + match.range.length
                labels[String(text[Range(match.range(at: 1), in: text)!])] = String(text[Range(match.range(at: 2), in: text)!])
            }
            guard consumed == (text as NSString).length else { throw Malformed(line: line, reason: "bad label list") }
            rest = rest[rest.index(after: close)...]
        }
        let fields = rest.split(separator: " ")
        guard (1...2).contains(fields.count) else { throw Malformed(line: line, reason: "expected a value (and a timestamp)") }
        let valueText = String(fields[0])
        guard let value = Double(valueText) ?? ["+Inf": .infinity, "-Inf": -.infinity, "NaN": .nan][valueText] else {
            throw Malformed(line: line, reason: "bad value")
        }
        return Sample(name: name, labels: labels, value: value)
    }

    /// The sum of a metric's samples whose labels include `where`.
    func total(_ name: String, where filter: [String: String] = [:]) -> Double {
        samples.filter { sample in sample.name == name && filter.allSatisfy { key, value in sample.labels[key] == value } }.reduce(0) { $0 + $1.value }
    }

    func has(_ name: String) -> Bool { samples.contains { $0.name == name } }
}
