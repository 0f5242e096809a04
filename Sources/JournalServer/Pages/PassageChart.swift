import Mustache
import PracticeAnalyzer
import PracticeLibrary
import PracticeReports
import SessionStore

/// A passage of a piece across sessions as a small SVG chart, drawn on the server (no
/// JavaScript): the clean-take ratio of each session as a bar, the tempo of its fastest clean
/// take as a line, the target tempo (a goal) as a dashed line; days along the x axis. The
/// template (`passage-chart`) escapes every label; the numbers here are only coordinates.
struct PassageChart {
    struct Dot {
        var x: Int
        var y: Int
        var title: String
    }

    struct Bar {
        var x: Int
        var y: Int
        var height: Int
        var title: String
    }

    var label: String
    var summary: String
    var bars: [Bar]
    var dots: [Dot]
    /// The tempo line's points, "x,y x,y" (numbers only).
    var line: String
    var hasLine: Bool
    var targetY: Int?
    var target: String
    var top: String
    var firstDay: String
    var lastDay: String
    /// The goal form's fields.
    var unit: String
    var unitLabel: String
    var goalValue: String

    static let width = 300
    static let height = 120
    static let left = 34
    static let right = 8
    static let top = 8
    static let bottom = 18

    init(_ passage: PieceOverview.PassageLine, goal: TempoGoal?) {
        label = passage.label
        let points = passage.points
        let usesBPM =
            !points.contains { $0.bestPace != nil && $0.bestBPM == nil } && points.contains { $0.bestBPM != nil }
        let unit = usesBPM ? TempoGoal.bpm : TempoGoal.pace
        let unitLabel = usesBPM ? "♩/min" : "positions/s"
        self.unit = unit
        self.unitLabel = unitLabel
        let tempo = { (point: PieceOverview.PassagePoint) in usesBPM ? point.bestBPM : point.bestPace }
        let goalValue = goal.flatMap { $0.unit == unit ? $0.value : nil }
        let highest = max(points.compactMap(tempo).max() ?? 0, goalValue ?? 0)
        let scale = highest > 0 ? highest * 1.1 : 1
        let first = points.first?.day.day ?? 0
        let span = max(1, (points.last?.day.day ?? first) - first)
        let plotWidth = Self.width - Self.left - Self.right
        let plotHeight = Self.height - Self.top - Self.bottom
        let xOf = { (day: Int) in
            points.count == 1 ? Self.left + plotWidth / 2 : Self.left + (day - first) * plotWidth / span
        }
        let yOf = { (value: Double) in Self.top + plotHeight - Int((value / scale * Double(plotHeight)).rounded()) }
        let format = { (value: Double) in usesBPM ? "\(Int(value.rounded()))" : ReportFormat.decimal(value) }
        let bars: [Bar] = points.compactMap { point in
            guard point.judged > 0 else { return nil }
            let height = max(1, point.clean * plotHeight / point.judged)
            return Bar(
                x: xOf(point.day.day) - 3,
                y: Self.top + plotHeight - height,
                height: height,
                title: "\(point.day): \(point.clean) of \(point.judged) takes clean"
            )
        }
        let dots: [Dot] = points.compactMap { point in
            guard let value = tempo(point) else { return nil }
            return Dot(x: xOf(point.day.day), y: yOf(value), title: "\(point.day): \(format(value)) \(unitLabel)")
        }
        self.bars = bars
        self.dots = dots
        line = dots.map { "\($0.x),\($0.y)" }.joined(separator: " ")
        hasLine = dots.count > 1
        targetY = goalValue.map(yOf)
        target = goalValue.map { "target \(format($0)) \(unitLabel)" } ?? ""
        self.goalValue = goalValue.map(format) ?? ""
        top = highest > 0 ? format(scale) : ""
        firstDay = points.first?.day.short ?? ""
        lastDay = points.count > 1 ? points.last?.day.short ?? "" : ""
        let clean = passage.judged > 0 ? "\(passage.clean) of \(passage.judged) takes clean" : "takes not judged"
        summary = "\(ReportFormat.plural(points.count, "session")), \(clean)"
    }
}

extension PassageChart.Dot: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "x": x
        case "y": y
        case "title": title
        default: nil
        }
    }
}

extension PassageChart.Bar: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "x": x
        case "y": y
        case "height": height
        case "title": title
        default: nil
        }
    }
}

extension PassageChart: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "label": label
        case "summary": summary
        case "bars": bars
        case "dots": dots
        case "line": line
        case "hasLine": hasLine
        case "targetY": targetY
        case "target": target
        case "top": top
        case "firstDay": firstDay
        case "lastDay": lastDay
        case "unit": unit
        case "unitLabel": unitLabel
        case "goalValue": goalValue
        default: nil
        }
    }
}
