/// One line chart as inline SVG: time on x (UTC clock labels), values on y with round ticks,
/// any number of line or step series and point markers, each with a `<title>` tooltip.
struct SVGChart {
    struct Series {
        var name: String
        var color: String
        var points: [ReportPoint]
        /// Holds each value until the next point (quotes, positions) instead of joining points.
        var step = false
        var dashed = false
    }

    struct Marker {
        var point: ReportPoint
        var color: String
        var up: Bool
        var label: String
    }

    var title: String
    var unit: String
    var series: [Series]
    var markers: [Marker] = []
    var yRange: ClosedRange<Double>?
    /// Shared time axis (charts of one market line up); default: the data's span.
    var xRange: ClosedRange<Int64>?
    var width = 960.0
    var height = 280.0
    let left = 64.0
    let right = 16.0
    let top = 40.0
    let bottom = 30.0

    func render() -> String {
        let all = series.flatMap(\.points) + markers.map(\.point)
        var svg =
            "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(HTML.escape(title))\">"
        svg += "<title>\(HTML.escape(title))</title>"
        svg += "<text x=\"\(Int(left))\" y=\"18\" class=\"chart-title\">\(HTML.escape(title))</text>"
        guard let firstTime = xRange?.lowerBound ?? all.map(\.timeMs).min(),
            let lastTime = xRange?.upperBound ?? all.map(\.timeMs).max()
        else {
            svg +=
                "<text x=\"\(Int(width / 2))\" y=\"\(Int(height / 2))\" text-anchor=\"middle\" class=\"empty\">no data</text></svg>"
            return svg
        }
        let t0 = Double(firstTime)
        let t1 = Double(max(lastTime, firstTime + 1))
        var low = yRange?.lowerBound ?? (all.map(\.value).min() ?? 0)
        var high = yRange?.upperBound ?? (all.map(\.value).max() ?? 1)
        if high - low < 1e-9 {
            low -= 0.5
            high += 0.5
        }
        let ticks = SVGChart.niceTicks(low: low, high: high, count: 5)
        low = min(low, ticks.first ?? low)
        high = max(high, ticks.last ?? high)
        let plotWidth = width - left - right
        let plotHeight = height - top - bottom
        func x(_ ms: Int64) -> String { HTML.number(left + (Double(ms) - t0) / (t1 - t0) * plotWidth, decimals: 1) }
        func y(_ value: Double) -> String { HTML.number(top + (high - value) / (high - low) * plotHeight, decimals: 1) }
        svg +=
            "<rect x=\"\(Int(left))\" y=\"\(Int(top))\" width=\"\(Int(plotWidth))\" height=\"\(Int(plotHeight))\" class=\"plot\"/>"
        for tick in ticks {
            svg += "<line x1=\"\(Int(left))\" x2=\"\(Int(width - right))\" y1=\"\(y(tick))\" y2=\"\(y(tick))\" class=\"grid\"/>"
            svg +=
                "<text x=\"\(Int(left - 6))\" y=\"\(y(tick))\" dy=\"4\" text-anchor=\"end\" class=\"axis\">\(HTML.escape(SVGChart.label(tick, step: ticks.count > 1 ? ticks[1] - ticks[0] : 1)))</text>"
        }
        for index in 0...5 {
            let ms = firstTime + Int64(Double(lastTime - firstTime) * Double(index) / 5)
            svg += "<text x=\"\(x(ms))\" y=\"\(Int(height - 10))\" text-anchor=\"middle\" class=\"axis\">\(HTML.clock(ms))</text>"
        }
        if low < 0 && high > 0 {
            svg += "<line x1=\"\(Int(left))\" x2=\"\(Int(width - right))\" y1=\"\(y(0))\" y2=\"\(y(0))\" class=\"zero\"/>"
        }
        for item in series where !item.points.isEmpty {
            let dash = item.dashed ? " stroke-dasharray=\"5 3\"" : ""
            for segment in SVGChart.segments(item) {
                var coordinates: [String] = []
                for index in segment {
                    let point = item.points[index]
                    if item.step, index > segment.lowerBound {
                        coordinates.append("\(x(point.timeMs)),\(y(item.points[index - 1].value))")
                    }
                    coordinates.append("\(x(point.timeMs)),\(y(point.value))")
                }
                svg +=
                    "<polyline fill=\"none\" stroke=\"\(item.color)\" stroke-width=\"1.5\"\(dash) points=\"\(coordinates.joined(separator: " "))\">"
                svg += "<title>\(HTML.escape(item.name))</title></polyline>"
            }
        }
        for marker in markers {
            let cx = x(marker.point.timeMs)
            let cy = y(marker.point.value)
            let shape = marker.up ? "M \(cx) \(cy) m -5 4 l 5 -9 l 5 9 z" : "M \(cx) \(cy) m -5 -4 l 5 9 l 5 -9 z"
            svg +=
                "<path d=\"\(shape)\" fill=\"\(marker.color)\" class=\"marker\"><title>\(HTML.escape(marker.label))</title></path>"
        }
        var legendX = left
        for item in series {
            svg += "<rect x=\"\(HTML.number(legendX, decimals: 0))\" y=\"25\" width=\"12\" height=\"4\" fill=\"\(item.color)\"/>"
            svg +=
                "<text x=\"\(HTML.number(legendX + 16, decimals: 0))\" y=\"31\" class=\"legend\">\(HTML.escape(item.name))</text>"
            legendX += 24 + Double(item.name.count) * 6.5
        }
        if !unit.isEmpty {
            svg += "<text x=\"\(Int(width - right))\" y=\"31\" text-anchor=\"end\" class=\"axis\">\(HTML.escape(unit))</text>"
        }
        return svg + "</svg>"
    }

    /// Round tick values (1, 2, 5 × 10ⁿ steps) covering [low, high].
    static func niceTicks(low: Double, high: Double, count: Int) -> [Double] {
        let span = max(high - low, 1e-12)
        let raw = span / Double(max(1, count))
        var magnitude = 1.0
        while magnitude * 10 <= raw { magnitude *= 10 }
        while magnitude > raw { magnitude /= 10 }
        let step = [1.0, 2.0, 5.0, 10.0].map { $0 * magnitude }.first { $0 >= raw } ?? magnitude * 10
        var tick = (low / step).rounded(.down) * step
        var ticks: [Double] = []
        while tick <= high + step * 0.5, ticks.count < 50 {
            ticks.append(tick)
            tick += step
        }
        return ticks
    }

    static func label(_ value: Double, step: Double) -> String {
        let decimals = step >= 1 ? 0 : step >= 0.1 ? 1 : step >= 0.01 ? 2 : step >= 0.001 ? 3 : 4
        return HTML.number(value, decimals: decimals)
    }

    /// Runs of points drawn as one line. A line series breaks where no point came for much
    /// longer than usual (a market not valued for a while): joining across would draw values
    /// that never existed. Step series hold their value across gaps, as positions do.
    static func segments(_ series: Series) -> [Range<Int>] {
        let points = series.points
        guard !series.step, points.count > 2 else { return [0..<points.count] }
        var gaps = (1..<points.count).map { points[$0].timeMs - points[$0 - 1].timeMs }
        gaps.sort()
        let limit = max(60_000, 10 * gaps[gaps.count / 2])
        var result: [Range<Int>] = []
        var start = 0
        for index in 1..<points.count where points[index].timeMs - points[index - 1].timeMs > limit {
            result.append(start..<index)
            start = index
        }
        result.append(start..<points.count)
        return result
    }
}
