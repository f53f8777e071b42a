/// A sweep's summary page: heat maps of P&L and of the model's Brier score across the grid
/// (rows: the first grid key's values; columns: the other keys' combinations), then every row
/// of results.csv. Self-contained like the backtest report.
public struct SweepPage: Sendable {
    public struct Cell: Sendable {
        public var assignment: [(key: String, value: String)]
        public var pnl: Double?
        public var brier: Double?

        public init(assignment: [(key: String, value: String)], pnl: Double?, brier: Double?) {
            self.assignment = assignment
            self.pnl = pnl
            self.brier = brier
        }
    }

    public var title: String
    public var details: [String]
    public var axes: [(key: String, values: [String])]
    /// One per combination, first axis slowest (the order of the grid's combinations).
    public var cells: [Cell]
    public var columns: [String]
    /// results.csv's rows, cell by cell.
    public var rows: [[String]]

    public init(
        title: String, details: [String], axes: [(key: String, values: [String])], cells: [Cell], columns: [String], rows: [[String]]
    ) {
        self.title = title
        self.details = details
        self.axes = axes
        self.cells = cells
        self.columns = columns
        self.rows = rows
    }

    public var html: String {
        var page = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(HTML.escape(title))</title>
            <style>\(ReportRenderer.style)td.heat{text-align:center;min-width:70px}</style>
            </head>
            <body>
            <h1>\(HTML.escape(title))</h1>

            """
        for line in details { page += "<p class=\"detail\">\(HTML.escape(line))</p>\n" }
        page += heatMap(id: "pnl", title: "P&L net of fees (summed over the recordings)", value: \.pnl, decimals: 2, higherIsBetter: true)
        page += heatMap(id: "brier", title: "Brier score of the model (mean over the recordings; lower is better)", value: \.brier, decimals: 4, higherIsBetter: false)
        page += "<section id=\"rows\"><h2>Every run</h2>\n<table class=\"fills\"><thead><tr>"
        for column in columns { page += "<th>\(HTML.escape(column))</th>" }
        page += "</tr></thead><tbody>\n"
        for row in rows {
            page += "<tr>" + row.map { "<td>\(HTML.escape($0))</td>" }.joined() + "</tr>\n"
        }
        page += "</tbody></table></section>\n</body>\n</html>\n"
        return page
    }

    private func heatMap(id: String, title: String, value: KeyPath<Cell, Double?>, decimals: Int, higherIsBetter: Bool) -> String {
        let rowAxis = axes.first
        let rowCount = rowAxis?.values.count ?? 1
        let columnCount = max(1, cells.count / max(1, rowCount))
        let values = cells.compactMap { $0[keyPath: value] }
        let low = values.min() ?? 0
        let high = values.max() ?? 0
        var html = "<section id=\"heat-\(id)\"><h2>\(HTML.escape(title))</h2>\n<table class=\"heat\"><thead><tr><th>"
        html += HTML.escape(rowAxis?.key ?? "")
        html += "</th>"
        for column in 0..<columnCount {
            let label = cells[column].assignment.dropFirst().map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            html += "<th>\(HTML.escape(label.isEmpty ? "value" : label))</th>"
        }
        html += "</tr></thead><tbody>\n"
        for row in 0..<rowCount {
            html += "<tr><td>\(HTML.escape(rowAxis?.values[row] ?? "all"))</td>"
            for column in 0..<columnCount {
                let cell = cells[row * columnCount + column]
                guard let number = cell[keyPath: value] else {
                    html += "<td class=\"heat\">–</td>"
                    continue
                }
                // 0 = worst, 1 = best on this map: red through white to green.
                var score = high > low ? (number - low) / (high - low) : 0.5
                if !higherIsBetter { score = 1 - score }
                let red = score < 0.5 ? 255 : Int(255 - (score - 0.5) * 2 * 120)
                let green = score > 0.5 ? 255 : Int(255 - (0.5 - score) * 2 * 120)
                let blue = Int(255 - abs(score - 0.5) * 2 * 120)
                html += "<td class=\"heat\" style=\"background:rgb(\(red),\(green),\(blue))\" data-value=\"\(HTML.number(number, decimals: 6))\">"
                html += "\(HTML.number(number, decimals: decimals))</td>"
            }
            html += "</tr>\n"
        }
        return html + "</tbody></table></section>\n"
    }
}
