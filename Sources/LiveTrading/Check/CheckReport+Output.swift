import Foundation
import KalshiAPI

extension CheckReport {
    /// One line per check, `status  name  detail; fix: …`, then a count.
    public var lines: [String] {
        let width = results.map(\.name.count).max() ?? 0
        var lines = results.map { result in
            let status = result.status.rawValue.padding(toLength: 4, withPad: " ", startingAt: 0)
            let name = result.name.padding(toLength: width, withPad: " ", startingAt: 0)
            return "\(status)  \(name)  \(result.detail)" + (result.fix.map { "; fix: \($0)" } ?? "")
        }
        lines.append(
            "check: \(passed ? "ready" : "NOT ready") (\(CheckResult.Status.allCases.map { "\(count($0)) \($0.rawValue)" }.joined(separator: ", ")))"
        )
        return lines
    }

    /// The same as one JSON object: `passed`, `counts` and `checks` (name, status, detail, fix).
    public var json: String {
        var counts = JSONLineWriter()
        for status in CheckResult.Status.allCases { counts.add(status.rawValue, count(status)) }
        let checks = results.map { result in
            var writer = JSONLineWriter()
            writer.add("name", result.name)
            writer.add("status", result.status.rawValue)
            writer.add("detail", result.detail)
            writer.add("fix", result.fix)
            return writer.line
        }
        var writer = JSONLineWriter()
        writer.add("passed", json: passed ? "true" : "false")
        writer.add("counts", json: counts.line)
        writer.add("checks", json: "[" + checks.joined(separator: ",") + "]")
        return writer.line
    }
}
