import Mustache
import PracticeSegmenter

/// The session timeline of the HTML report: one lane per material, steps as bars tinted by kind,
/// takes as solid segments inside them with a status tick under each (clean, with errors,
/// abandoned), and a thin line at every context switch from one lane to the next.
///
/// The SVG is 1000 units wide for the whole session and stretches to the page width; lanes are
/// `laneHeight` pixels tall at 1:1, so nothing is distorted vertically. Lane names are HTML
/// laid over it, which keeps them readable on a phone.
struct TimelineView {
    static let laneHeight = 40.0

    struct Box {
        var x: String
        var y: String
        var width: String
        var height: String
        var kind: String
    }

    struct Lane {
        var name: String
        var kind: String
        var top: String
        var summary: String
    }

    struct Switch {
        var x: String
        var y1: String
        var y2: String
    }

    var height: String
    var lanes: [Lane]
    var bands: [Box]
    var steps: [Box]
    var takes: [Box]
    var marks: [Box]
    var switches: [Switch]
    var axis: [TimeAxis.Tick]

    init(_ report: PracticeReport) {
        let duration = max(report.session.duration, report.steps.last?.end ?? 0, 1)
        let x = { (seconds: Double) in seconds / duration * 1000 }
        let width = { (start: Double, end: Double) in max(1.5, x(end) - x(start)) }
        // Lanes in order of first appearance; all free play shares one lane (it is not material
        // being worked on), and breaks get a lane of their own at the bottom.
        let laneID = { (step: PracticeReport.Step) in step.kind == .free ? "free play" : step.material ?? "?" }
        var order: [String] = []
        for step in report.steps where step.kind != .rest {
            if !order.contains(laneID(step)) { order.append(laneID(step)) }
        }
        let hasBreaks = report.steps.contains { $0.kind == .rest }
        let laneCount = order.count + (hasBreaks ? 1 : 0)
        let laneOf = { (step: PracticeReport.Step) in
            step.kind == .rest ? order.count : order.firstIndex(of: laneID(step)) ?? 0
        }
        let h = Self.laneHeight
        height = SVGNumber.format(Double(max(laneCount, 1)) * h)
        lanes = order.enumerated().map { index, id in
            let steps = report.steps.filter { $0.kind != .rest && laneID($0) == id }
            let time = steps.reduce(0.0) { $0 + $1.end - $1.start }
            return Lane(
                name: id == "free play" ? id : report.materialName(id),
                kind: (steps.first?.kind ?? .free).rawValue,
                top: SVGNumber.format(Double(index) * h),
                summary: ReportFormat.clock(time)
            )
        }
        if hasBreaks {
            let time = report.steps.filter { $0.kind == .rest }.reduce(0.0) { $0 + $1.end - $1.start }
            lanes.append(
                Lane(
                    name: "breaks",
                    kind: "rest",
                    top: SVGNumber.format(Double(order.count) * h),
                    summary: ReportFormat.clock(time)
                )
            )
        }
        bands = (0..<laneCount).filter { $0 % 2 == 1 }.map {
            Box(x: "0", y: SVGNumber.format(Double($0) * h), width: "1000", height: SVGNumber.format(h), kind: "band")
        }
        steps = []
        takes = []
        marks = []
        switches = []
        var previousLane: Int?
        for step in report.steps {
            let lane = Double(laneOf(step))
            steps.append(
                Box(
                    x: SVGNumber.format(x(step.start)),
                    y: SVGNumber.format(lane * h + 16),
                    width: SVGNumber.format(width(step.start, step.end)),
                    height: "14",
                    kind: step.kind.rawValue + (step.takes.isEmpty ? " solid" : "")
                )
            )
            for take in step.takes {
                takes.append(
                    Box(
                        x: SVGNumber.format(x(take.start)),
                        y: SVGNumber.format(lane * h + 16),
                        width: SVGNumber.format(max(1, x(take.end) - x(take.start) - 0.6)),
                        height: "14",
                        kind: step.kind.rawValue
                    )
                )
                marks.append(
                    Box(
                        x: SVGNumber.format(x(take.start)),
                        y: SVGNumber.format(lane * h + 32),
                        width: SVGNumber.format(max(2, min(6, x(take.end) - x(take.start)))),
                        height: "5",
                        kind: Self.status(take)
                    )
                )
            }
            guard step.kind != .rest else { continue }
            if let previousLane, previousLane != Int(lane) {
                let (top, bottom) = (min(Double(previousLane), lane), max(Double(previousLane), lane))
                switches.append(
                    Switch(
                        x: SVGNumber.format(x(step.start)),
                        y1: SVGNumber.format(top * h + 23),
                        y2: SVGNumber.format(bottom * h + 23)
                    )
                )
            }
            previousLane = Int(lane)
        }
        axis = TimeAxis(duration: duration).ticks
    }

    /// "clean", "errors", "abandoned" or "unknown": the CSS class of a take's mark.
    static func status(_ take: PracticeReport.Take) -> String {
        if !take.complete { return "abandoned" }
        switch take.clean {
        case .some(true): return "clean"
        case .some(false): return "errors"
        case nil: return "unknown"
        }
    }
}

extension TimelineView.Box: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "x": x
        case "y": y
        case "width": width
        case "height": height
        case "kind": kind
        default: nil
        }
    }
}

extension TimelineView.Lane: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "name": name
        case "kind": kind
        case "top": top
        case "summary": summary
        default: nil
        }
    }
}

extension TimelineView.Switch: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "x": x
        case "y1": y1
        case "y2": y2
        default: nil
        }
    }
}

extension TimelineView: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "height": height
        case "lanes": lanes
        case "bands": bands
        case "steps": steps
        case "takes": takes
        case "marks": marks
        case "switches": switches
        case "axis": axis
        default: nil
        }
    }
}
