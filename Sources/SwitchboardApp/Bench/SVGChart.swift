import Foundation

/// Small self-contained SVG charts for benchmark reports: no scripts, readable at a glance, with
/// the numbers written on them.
enum SVGChart {
    /// Vertical bars with their values on top and an optional dashed target line.
    static func bars(title: String, bars: [(String, Double)], unit: String, target: (Double, String)? = nil) -> String {
        let width = 640.0, height = 360.0, left = 60.0, bottom = 300.0, top = 50.0
        let maxValue = max(bars.map(\.1).max() ?? 1, target?.0 ?? 0) * 1.15
        let slot = (width - left - 20) / Double(max(1, bars.count))
        var svg = header(width, height, title)
        svg += axis(left: left, bottom: bottom, top: top, width: width, maxValue: maxValue, unit: unit)
        for (i, (label, value)) in bars.enumerated() {
            let h = (bottom - top) * value / maxValue
            let x = left + Double(i) * slot + slot * 0.15
            svg += "<rect x=\"\(f(x))\" y=\"\(f(bottom - h))\" width=\"\(f(slot * 0.7))\" height=\"\(f(h))\" fill=\"#2b6cb0\"/>"
            svg += "<text x=\"\(f(x + slot * 0.35))\" y=\"\(f(bottom - h - 6))\" text-anchor=\"middle\" font-size=\"12\">\(esc(format(value)))</text>"
            svg += "<text x=\"\(f(x + slot * 0.35))\" y=\"\(f(bottom + 18))\" text-anchor=\"middle\" font-size=\"12\">\(esc(label))</text>"
        }
        if let (value, label) = target {
            let y = bottom - (bottom - top) * value / maxValue
            svg += "<line x1=\"\(f(left))\" x2=\"\(f(width - 20))\" y1=\"\(f(y))\" y2=\"\(f(y))\" stroke=\"#c53030\" stroke-dasharray=\"6 4\"/>"
            svg += "<text x=\"\(f(width - 22))\" y=\"\(f(y - 6))\" text-anchor=\"end\" font-size=\"12\" fill=\"#c53030\">\(esc(label))</text>"
        }
        return svg + "</svg>\n"
    }

    /// A line through (x, y) points, axes from zero.
    static func line(title: String, points: [(Double, Double)], xUnit: String, yUnit: String) -> String {
        let width = 640.0, height = 360.0, left = 70.0, bottom = 300.0, top = 50.0
        let maxX = max(points.map(\.0).max() ?? 1, 0.001), maxY = max(points.map(\.1).max() ?? 1, 1) * 1.1
        var svg = header(width, height, title)
        svg += axis(left: left, bottom: bottom, top: top, width: width, maxValue: maxY, unit: yUnit)
        let path = points.map { "\(f(left + ($0.0 / maxX) * (width - left - 20))),\(f(bottom - ($0.1 / maxY) * (bottom - top)))" }.joined(separator: " ")
        svg += "<polyline points=\"\(path)\" fill=\"none\" stroke=\"#2b6cb0\" stroke-width=\"2\"/>"
        for i in 0...4 {
            let x = maxX * Double(i) / 4
            svg += "<text x=\"\(f(left + (x / maxX) * (width - left - 20)))\" y=\"\(f(bottom + 18))\" text-anchor=\"middle\" font-size=\"12\">\(esc(format(x))) \(esc(xUnit))</text>"
        }
        return svg + "</svg>\n"
    }

    private static func header(_ w: Double, _ h: Double, _ title: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(f(w))\" height=\"\(f(h))\" viewBox=\"0 0 \(f(w)) \(f(h))\" font-family=\"sans-serif\">"
            + "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><text x=\"\(f(w / 2))\" y=\"28\" text-anchor=\"middle\" font-size=\"16\" font-weight=\"bold\">\(esc(title))</text>"
    }

    private static func axis(left: Double, bottom: Double, top: Double, width: Double, maxValue: Double, unit: String) -> String {
        var svg = "<line x1=\"\(f(left))\" x2=\"\(f(left))\" y1=\"\(f(top))\" y2=\"\(f(bottom))\" stroke=\"#333\"/>"
        svg += "<line x1=\"\(f(left))\" x2=\"\(f(width - 20))\" y1=\"\(f(bottom))\" y2=\"\(f(bottom))\" stroke=\"#333\"/>"
        for i in 0...4 {
            let v = maxValue * Double(i) / 4, y = bottom - (bottom - top) * Double(i) / 4
            svg += "<text x=\"\(f(left - 6))\" y=\"\(f(y + 4))\" text-anchor=\"end\" font-size=\"11\">\(esc(format(v)))</text>"
            svg += "<line x1=\"\(f(left))\" x2=\"\(f(width - 20))\" y1=\"\(f(y))\" y2=\"\(f(y))\" stroke=\"#eee\"/>"
        }
        return svg + "<text x=\"14\" y=\"\(f((top + bottom) / 2))\" font-size=\"12\" transform=\"rotate(-90 14 \(f((top + bottom) / 2)))\" text-anchor=\"middle\">\(esc(unit))</text>"
    }

    static func format(_ v: Double) -> String {
        if v >= 100 { return String(Int(v.rounded())) }
        if v >= 10 { return String(format: "%.1f", v) }
        return String(format: "%.2f", v)
    }
    private static func f(_ v: Double) -> String { String(format: "%.1f", v) }
    private static func esc(_ s: String) -> String { s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;") }
}
