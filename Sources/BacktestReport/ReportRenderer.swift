/// Renders a `ReportDocument` as one self-contained HTML page: inline CSS, charts as inline
/// SVG, one small inline script that only marks the page as rendered (for the headless-browser
/// check). Nothing is fetched from the network. The same document gives the same bytes.
public enum ReportRenderer {
    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2"]

    public static func html(_ document: ReportDocument) -> String {
        var page = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(HTML.escape(document.title))</title>
            <style>\(style)</style>
            </head>
            <body>
            <h1>\(HTML.escape(document.title))</h1>

            """
        for line in document.details { page += "<p class=\"detail\">\(HTML.escape(line))</p>\n" }
        page += metricsSection(document)
        page += pnlSection(document)
        page += marketsSection(document)
        page += fillsSection(document)
        if let calibration = document.calibration { page += CalibrationSection.html(calibration) }
        if !document.notes.isEmpty {
            page += "<section id=\"notes\"><h2>Notes</h2><ul>"
            for note in document.notes { page += "<li>\(HTML.escape(note))</li>" }
            page += "</ul></section>\n"
        }
        page += """
            <script>
            (function () {
              var charts = document.querySelectorAll('svg.chart'), drawn = 0;
              for (var i = 0; i < charts.length; i++) {
                var box = charts[i].getBoundingClientRect();
                if (box.width > 0 && box.height > 0) { drawn++; }
              }
              document.documentElement.setAttribute('data-charts', drawn + '/' + charts.length);
            })();
            </script>
            </body>
            </html>

            """
        return page
    }

    private static func ratio(_ value: Double?) -> String { value.map { HTML.number($0, decimals: 4) } ?? "–" }

    private static func metricsSection(_ document: ReportDocument) -> String {
        var html = "<section id=\"metrics\"><h2>Metrics</h2>\n<table class=\"metrics\"><thead><tr>"
        for header in [
            "run", "P&L net of fees", "trades", "hit rate", "max drawdown", "Brier (model)", "Brier (market mid)", "fees",
            "events",
        ] {
            html += "<th>\(HTML.escape(header))</th>"
        }
        html += "</tr></thead><tbody>\n"
        for (index, run) in document.runs.enumerated() {
            let negative = run.pnlNet.hasPrefix("-")
            html += "<tr\(index == 0 ? " class=\"primary\"" : "")><td>\(HTML.escape(run.label))</td>"
            html += "<td class=\"\(negative ? "loss" : "gain")\">\(HTML.escape(run.pnlNet))</td><td>\(run.trades)</td>"
            html += "<td>\(run.hitRate.map { HTML.number($0 * 100, decimals: 1) + " %" } ?? "–")</td>"
            html += "<td>\(HTML.escape(run.maxDrawdown))</td><td>\(ratio(run.brierModel))</td><td>\(ratio(run.brierMarket))</td>"
            html += "<td>\(HTML.escape(run.fees))</td><td>\(run.events)</td></tr>\n"
        }
        html += "</tbody></table>\n"
        if document.runs.count > 1 {
            html +=
                "<p class=\"detail\">Fill models side by side: the same recording, configuration and strategy under each queue model and latency; the first row is the primary run (its logs and the panels below).</p>\n"
        }
        return html + "</section>\n"
    }

    private static func pnlSection(_ document: ReportDocument) -> String {
        let series = document.runs.enumerated().map { index, run in
            SVGChart.Series(name: run.label, color: palette[index % palette.count], points: run.pnl, dashed: index > 0)
        }
        let chart = SVGChart(title: "P&L over time (equity − starting balance, net of fees)", unit: "$", series: series)
        return "<section id=\"pnl\"><h2>P&amp;L over time</h2>\n\(chart.render())\n</section>\n"
    }

    private static func marketsSection(_ document: ReportDocument) -> String {
        var html = "<section id=\"markets\"><h2>Fair value against bid and ask</h2>\n"
        if document.markets.isEmpty { html += "<p class=\"detail\">No market was valued.</p>\n" }
        for market in document.markets {
            let times = (market.fair + market.bid + market.ask + market.position).map(\.timeMs) + market.fills.map(\.timeMs)
            let span = times.min().map { $0...(times.max()!) }
            html +=
                "<div class=\"market\"><h3>\(HTML.escape(market.ticker))</h3><p class=\"detail\">\(HTML.escape(market.detail))</p>\n"
            let quotes = SVGChart(
                title: "\(market.ticker): model fair value, YES bid and ask", unit: "YES $",
                series: [
                    SVGChart.Series(name: "fair", color: "#1f77b4", points: market.fair),
                    SVGChart.Series(name: "bid", color: "#2ca02c", points: market.bid, step: true),
                    SVGChart.Series(name: "ask", color: "#d62728", points: market.ask, step: true),
                ],
                markers: market.fills.map {
                    SVGChart.Marker(
                        point: ReportPoint(timeMs: $0.timeMs, value: $0.price), color: $0.isBuy ? "#006400" : "#8b0000",
                        up: $0.isBuy, label: $0.label)
                }, yRange: 0...1, xRange: span)
            html += quotes.render() + "\n"
            if !market.position.isEmpty {
                let position = SVGChart(
                    title: "\(market.ticker): position (contracts, + YES / − NO)", unit: "contracts",
                    series: [SVGChart.Series(name: "position", color: "#9467bd", points: market.position, step: true)],
                    xRange: span,
                    height: 160)
                html += position.render() + "\n"
            }
            html += "</div>\n"
        }
        return html + "</section>\n"
    }

    private static func fillsSection(_ document: ReportDocument) -> String {
        var html =
            "<section id=\"fills\"><h2>Fills and fees</h2>\n<table class=\"fees\"><thead><tr><th>market</th><th>fills</th><th>contracts</th><th>fees</th></tr></thead><tbody>\n"
        for fee in document.fees {
            html +=
                "<tr><td>\(HTML.escape(fee.ticker))</td><td>\(fee.fills)</td><td>\(HTML.escape(fee.contracts))</td><td>\(HTML.escape(fee.fees))</td></tr>\n"
        }
        html += "</tbody></table>\n"
        if document.fills.isEmpty {
            html += "<p class=\"detail\">No fills.</p>\n"
        } else {
            html += "<table class=\"fills\"><thead><tr>"
            for header in ["time (UTC)", "market", "side", "price", "count", "fee", "liquidity", "position after"] {
                html += "<th>\(header)</th>"
            }
            html += "</tr></thead><tbody>\n"
            for fill in document.fills {
                html +=
                    "<tr><td>\(HTML.escape(fill.time))</td><td>\(HTML.escape(fill.ticker))</td><td>\(HTML.escape(fill.side))</td>"
                html += "<td>\(HTML.escape(fill.price))</td><td>\(HTML.escape(fill.count))</td><td>\(HTML.escape(fill.fee))</td>"
                html += "<td>\(HTML.escape(fill.liquidity))</td><td>\(HTML.escape(fill.position))</td></tr>\n"
            }
            html += "</tbody></table>\n"
            if document.fillsOmitted > 0 {
                html += "<p class=\"detail\">\(document.fillsOmitted) more fills are in fills.jsonl.</p>\n"
            }
        }
        return html + "</section>\n"
    }

    static let style = """
        body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:1000px;color:#222;padding:0 12px}\
        h1{font-size:22px;margin:0 0 6px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #ddd}h3{font-size:15px;margin:18px 0 2px}\
        .detail{color:#555;margin:2px 0}table{border-collapse:collapse;margin:8px 0;font-variant-numeric:tabular-nums}\
        th,td{border:1px solid #ddd;padding:3px 8px;text-align:right}th:first-child,td:first-child{text-align:left}\
        th{background:#f4f4f4}tr.primary td{font-weight:600}.gain{color:#17692a}.loss{color:#a11}\
        svg.chart{display:block;width:100%;height:auto;margin:6px 0}svg .plot{fill:#fcfcfc;stroke:#ccc}\
        svg .grid{stroke:#eee}svg .zero{stroke:#999;stroke-dasharray:2 2}svg .axis{font-size:11px;fill:#666}\
        svg .legend{font-size:11px;fill:#333}svg .chart-title{font-size:12px;fill:#222;font-weight:600}svg .empty{fill:#999}\
        table.fills{font-size:12px}
        """
}
