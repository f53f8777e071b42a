/// The report's calibration section: a reliability chart (mean forecast against the share
/// that settled YES, per tenth of probability, for the model and the market mid, with the
/// diagonal of perfect calibration), the scores, and P&L per strike and per time to close.
enum CalibrationSection {
    static func html(_ calibration: ReportCalibration) -> String {
        func ratio(_ value: Double?) -> String { value.map { HTML.number($0, decimals: 4) } ?? "–" }
        var html = "<section id=\"calibration\"><h2>Calibration</h2>\n"
        html += "<table class=\"metrics\"><thead><tr><th>forecast</th><th>Brier</th><th>log loss</th></tr></thead><tbody>\n"
        html += "<tr><td>model</td><td>\(ratio(calibration.brierModel))</td><td>\(ratio(calibration.logLossModel))</td></tr>\n"
        html += "<tr><td>market mid</td><td>\(ratio(calibration.brierMarket))</td><td>\(ratio(calibration.logLossMarket))</td></tr>\n"
        html += "</tbody></table>\n"
        html +=
            "<p class=\"detail\">\(calibration.valuations) valuations of markets that settled, each scored against its market's outcome.</p>\n"
        html += reliabilityChart(calibration)
        html += "<table class=\"reliability\"><thead><tr><th>forecast bucket</th><th>model: valuations</th>"
        html += "<th>mean forecast</th><th>settled YES</th><th>market: valuations</th><th>mean mid</th><th>settled YES</th></tr></thead><tbody>\n"
        for (model, market) in zip(calibration.model, calibration.market) {
            html += "<tr><td>\(HTML.escape(model.label))</td><td>\(model.count)</td><td>\(ratio(model.meanForecast))</td>"
            html += "<td>\(ratio(model.observed))</td><td>\(market.count)</td><td>\(ratio(market.meanForecast))</td>"
            html += "<td>\(ratio(market.observed))</td></tr>\n"
        }
        html += "</tbody></table>\n"
        html += pnlTable("P&L per strike (to settlement, net of fees)", header: "strike", rows: calibration.byStrike)
        html += pnlTable("P&L per time to close at the fill", header: "time to close", rows: calibration.byTimeToClose)
        return html + "</section>\n"
    }

    private static func pnlTable(_ title: String, header: String, rows: [ReportCalibration.PnLRow]) -> String {
        var html = "<h3>\(HTML.escape(title))</h3>\n<table class=\"pnl\"><thead><tr><th>\(HTML.escape(header))</th>"
        html += "<th>fills</th><th>P&amp;L</th></tr></thead><tbody>\n"
        for row in rows {
            let negative = row.pnl.hasPrefix("-")
            html += "<tr><td>\(HTML.escape(row.label))</td><td>\(row.fills)</td>"
            html += "<td class=\"\(negative ? "loss" : "gain")\">\(HTML.escape(row.pnl))</td></tr>\n"
        }
        return html + "</tbody></table>\n"
    }

    /// Square chart, both axes 0…1; a point per non-empty bucket, its tooltip the bucket and count.
    static func reliabilityChart(_ calibration: ReportCalibration) -> String {
        let size = 360.0
        let margin = 40.0
        let plot = size - 2 * margin
        func x(_ value: Double) -> String { HTML.number(margin + value * plot, decimals: 1) }
        func y(_ value: Double) -> String { HTML.number(size - margin - value * plot, decimals: 1) }
        let title = "Reliability: mean forecast (x) against the share settled YES (y)"
        var svg =
            "<svg class=\"chart reliability\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(size) + 160) \(Int(size))\" role=\"img\" aria-label=\"\(HTML.escape(title))\" style=\"max-width:520px\">"
        svg += "<title>\(HTML.escape(title))</title>"
        svg += "<rect class=\"plot\" x=\"\(x(0))\" y=\"\(y(1))\" width=\"\(HTML.number(plot, decimals: 1))\" height=\"\(HTML.number(plot, decimals: 1))\"/>"
        for tick in stride(from: 0.0, through: 1.0, by: 0.2) {
            let label = HTML.number(tick, decimals: 1)
            svg += "<line class=\"grid\" x1=\"\(x(0))\" y1=\"\(y(tick))\" x2=\"\(x(1))\" y2=\"\(y(tick))\"/>"
            svg += "<text class=\"axis\" x=\"\(HTML.number(margin - 6, decimals: 1))\" y=\"\(y(tick))\" text-anchor=\"end\" dominant-baseline=\"middle\">\(label)</text>"
            svg += "<text class=\"axis\" x=\"\(x(tick))\" y=\"\(HTML.number(size - margin + 16, decimals: 1))\" text-anchor=\"middle\">\(label)</text>"
        }
        svg += "<line class=\"zero\" x1=\"\(x(0))\" y1=\"\(y(0))\" x2=\"\(x(1))\" y2=\"\(y(1))\"><title>perfect calibration</title></line>"
        for (index, (name, buckets)) in [("model", calibration.model), ("market mid", calibration.market)].enumerated() {
            let color = ReportRenderer.palette[index]
            let points = buckets.compactMap { bucket -> (Double, Double, ReportCalibration.Bucket)? in
                guard let forecast = bucket.meanForecast, let observed = bucket.observed else { return nil }
                return (forecast, observed, bucket)
            }
            if points.count > 1 {
                let path = points.map { "\(x($0.0)),\(y($0.1))" }.joined(separator: " ")
                svg += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.5\" points=\"\(path)\"/>"
            }
            for (forecast, observed, bucket) in points {
                svg += "<circle cx=\"\(x(forecast))\" cy=\"\(y(observed))\" r=\"4\" fill=\"\(color)\">"
                svg += "<title>\(HTML.escape(name)) \(HTML.escape(bucket.label)): \(bucket.count) valuations, mean \(HTML.number(forecast, decimals: 3)), YES \(HTML.number(observed, decimals: 3))</title></circle>"
            }
            let legendY = HTML.number(margin + 8 + Double(index) * 18, decimals: 1)
            svg += "<circle cx=\"\(HTML.number(size + 4, decimals: 1))\" cy=\"\(legendY)\" r=\"4\" fill=\"\(color)\"/>"
            svg += "<text class=\"legend\" x=\"\(HTML.number(size + 14, decimals: 1))\" y=\"\(legendY)\" dominant-baseline=\"middle\">\(HTML.escape(name))</text>"
        }
        return svg + "</svg>\n"
    }
}
