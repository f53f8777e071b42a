import BacktestReport
import Foundation
import KalshiAPI

/// A finished sweep's files: `results.csv` and `results.jsonl` (one row per combination ×
/// recording: the job, its set in a walk-forward, the recording, the grid keys, then the metric
/// keys of `backtest`), `index.html` (heat maps of `pnl_net` and Brier across the grid) and,
/// for a walk-forward, `walk_forward.json`.
public struct SweepOutput {
    public var plan: SweepPlan
    public var rows: [(job: SweepJob, result: SweepResult)]
    public var walkForward: WalkForwardOutcome?

    public init(plan: SweepPlan, rows: [(job: SweepJob, result: SweepResult)], walkForward: WalkForwardOutcome?) {
        self.plan = plan
        self.rows = rows
        self.walkForward = walkForward
    }

    var columns: [String] {
        ["job"] + (walkForward != nil ? ["set"] : []) + ["recording"] + plan.grid.axes.map(\.key) + BacktestMetrics.Values.keys
    }

    public var jsonLines: String {
        rows.map { job, result in
            var writer = JSONLineWriter()
            writer.add("job", job.index)
            if walkForward != nil { writer.add("set", job.set) }
            writer.add("recording", job.recording)
            for pair in job.assignment { writer.add(pair[0], pair[1]) }
            for key in BacktestMetrics.Values.keys { writer.add(key, json: result.metric(key) ?? "null") }
            return writer.line + "\n"
        }.joined()
    }

    /// Each row's cells as written in results.csv (before quoting).
    var table: [[String]] {
        func plain(_ json: String?) -> String {
            guard let json, json != "null" else { return "" }
            return json.hasPrefix("\"") ? String(json.dropFirst().dropLast()) : json
        }
        return rows.map { job, result in
            var cells = ["\(job.index)"]
            if walkForward != nil { cells.append(job.set ?? "") }
            cells.append(job.recording)
            cells += job.assignment.map { $0[1] }
            cells += BacktestMetrics.Values.keys.map { plain(result.metric($0)) }
            return cells
        }
    }

    public var csv: String {
        // Bytes, not Characters: "\r\n" is one Character, equal to neither "\r" nor "\n".
        func cell(_ text: String) -> String {
            text.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D })
                ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
        }
        var text = columns.map(cell).joined(separator: ",") + "\n"
        for cells in table { text += cells.map(cell).joined(separator: ",") + "\n" }
        return text
    }

    /// Per combination over the main rows (all, or the training set): P&L summed, Brier averaged.
    var cells: [SweepPage.Cell] {
        plan.assignments.indices.map { combination in
            let mine = rows.filter { $0.job.combination == combination && $0.job.set != "test" }
            let pnls = mine.compactMap { $0.result.number("pnl_net") }
            let briers = mine.compactMap { $0.result.number("brier_model") }
            return SweepPage.Cell(
                assignment: plan.assignments[combination].map { ($0.key, $0.value) },
                pnl: pnls.count == mine.count && !mine.isEmpty ? pnls.reduce(0, +) : nil,
                brier: briers.count == mine.count && !mine.isEmpty ? briers.reduce(0, +) / Double(briers.count) : nil)
        }
    }

    public func write(to directory: String, title: String, details: [String]) throws(SweepError) {
        let url = URL(fileURLWithPath: directory)
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            try Data(csv.utf8).write(to: url.appendingPathComponent("results.csv"))
            try Data(jsonLines.utf8).write(to: url.appendingPathComponent("results.jsonl"))
            var notes = details
            if let walkForward {
                try Data((walkForward.json + "\n").utf8).write(to: url.appendingPathComponent("walk_forward.json"))
                notes.append(walkForward.summary)
            }
            let page = SweepPage(
                title: title, details: notes, axes: plan.grid.axes.map { ($0.key, $0.values) }, cells: cells,
                columns: columns, rows: table)
            try Data(page.html.utf8).write(to: url.appendingPathComponent("index.html"))
        } catch let error as SweepError {
            throw error
        } catch {
            throw .output("cannot write the sweep's files in '\(directory)': \(error.localizedDescription)")
        }
    }
}

/// The walk-forward's verdict: the combination chosen on the training recordings and how it did
/// on the test recordings it was not chosen on.
public struct WalkForwardOutcome: Sendable {
    public var metric: String
    public var combination: Int
    public var assignment: [(key: String, value: String)]
    public var trainValue: Double
    public var testRows: [SweepResult]

    public init(metric: String, combination: Int, assignment: [(key: String, value: String)], trainValue: Double, testRows: [SweepResult]) {
        self.metric = metric
        self.combination = combination
        self.assignment = assignment
        self.trainValue = trainValue
        self.testRows = testRows
    }

    var testValue: Double? {
        let values = testRows.compactMap { $0.number(metric) }
        guard values.count == testRows.count, !values.isEmpty else { return nil }
        return metric == "pnl_net" ? values.reduce(0, +) : values.reduce(0, +) / Double(values.count)
    }

    public var json: String {
        var chosen = JSONLineWriter()
        for (key, value) in assignment { chosen.add(key, value) }
        var writer = JSONLineWriter()
        writer.add("selected_by", metric)
        writer.add("combination", combination)
        writer.add("chosen", json: chosen.line)
        writer.add("train", trainValue, decimals: 6)
        if let testValue { writer.add("test", testValue, decimals: 6) } else { writer.add("test", nil as String?) }
        writer.add("test_jobs", json: "[" + testRows.map { "\($0.job)" }.joined(separator: ",") + "]")
        return writer.line
    }

    public var summary: String {
        let chosen = assignment.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let test = testValue.map { FixedDecimalText.format($0, decimals: 6) } ?? "undefined"
        return "Walk-forward: chosen on the training recordings by \(metric) (\(FixedDecimalText.format(trainValue, decimals: 6))): \(chosen.isEmpty ? "the only combination" : chosen); on the test recordings: \(test)."
    }
}
