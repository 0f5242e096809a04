import Mustache
import PracticeAnalyzer
import PracticeSegmenter

/// One passage of the HTML report: its takes as a small chart of tempo per take (the fastest
/// clean take at 100 %), each point marked clean, with errors, or abandoned, and a line of
/// chips with the details of each take.
struct PassageCardView {
    /// The chart's viewBox is 320 × 132; the plot area sits inside these bounds.
    static let left = 40.0
    static let right = 308.0
    static let top = 14.0
    static let bottom = 100.0

    struct Point {
        var cx: String
        var cy: String
        var status: String
        var label: String
        var labelY: String
        var hasLabel: Bool
        var number: String
        /// False for a take without a tempo: a grey square on the bottom line, not a point at
        /// some tempo.
        var hasTempo: Bool
        /// The square's corner, for a take without a tempo.
        var squareX: String
    }

    /// With more takes than this, only every fifth take is numbered and error counts are left
    /// to the chips, so labels do not run into each other.
    static let crowded = 16
    /// Where takes without a tempo sit: under the plot, above the take numbers.
    static let noTempoY = 110.0

    struct GridLine {
        var y: String
        var label: String
        var emphasis: Bool
    }

    struct Chip {
        var text: String
        var status: String
        /// Where the take's errors were in the score, for a tooltip; empty without a score.
        var title = ""
    }

    /// "bar 21 beat 2: wrong E4 · bar 22 beat 1: missing C3".
    static func places(_ places: [ErrorPlace]) -> String {
        places.map {
            "bar \($0.bar) beat \(ReportFormat.decimal($0.beat)): \($0.kind.rawValue) \(ReportFormat.keyName($0.key))"
        }
        .joined(separator: " · ")
    }

    var name: String
    var caption: String
    var stats: String
    var points: [Point]
    var line: String
    var grid: [GridLine]
    var chips: [Chip]

    init(_ row: ReportDigest.PassageRow, takes: [PracticeReport.Take], markedTempo: Double? = nil) {
        let passage = row.passage
        name = row.name + " · " + row.label
        caption =
            ReportFormat.plural(passage.takes.count, "take") + " · " + ReportFormat.clock(passage.time)
            + " in takes"
        var stats = ["clean \(row.clean)"]
        if let first = passage.takesToFirstClean { stats.append("first clean #\(first)") }
        if passage.takes.abandoned > 0 { stats.append("\(passage.takes.abandoned) abandoned") }
        stats.append(ReportFormat.errorsPerTakePhrase(passage.takes))
        self.stats = stats.joined(separator: " · ")

        let tempos = takes.compactMap(\.tempo)
        let low = (min(tempos.min() ?? 1, 0.6) * 10).rounded(.down) / 10
        let high = (max(tempos.max() ?? 1, 1.0) * 10).rounded(.up) / 10
        let y = { (tempo: Double) in Self.bottom - (tempo - low) / max(high - low, 0.1) * (Self.bottom - Self.top) }
        let step = (Self.right - Self.left) / Double(max(takes.count, 1))
        let crowded = takes.count > Self.crowded
        points = takes.enumerated().map { index, take in
            let cy = take.tempo.map(y) ?? Self.noTempoY
            let errors = take.errors?.total ?? 0
            let cx = Self.left + step * (Double(index) + 0.5)
            return Point(
                cx: SVGNumber.format(cx),
                cy: SVGNumber.format(cy),
                status: TimelineView.status(take),
                label: errors > 0 ? "\(errors)" : "",
                // Above the point, or below it when the point is at the top of the chart.
                labelY: SVGNumber.format(cy - 9 >= Self.top - 4 ? cy - 9 : cy + 17),
                hasLabel: errors > 0 && take.tempo != nil && !crowded,
                number: !crowded || index == 0 || (index + 1) % 5 == 0 ? "\(index + 1)" : "",
                hasTempo: take.tempo != nil,
                squareX: SVGNumber.format(cx - 3.5)
            )
        }
        line = zip(takes, points).filter { $0.0.tempo != nil }.enumerated()
            .map { index, pair in (index == 0 ? "M" : "L") + pair.1.cx + " " + pair.1.cy }.joined()
        var grid: [GridLine] = []
        // The top line is labelled only when its label clears the 100 % one (110 % would sit on it).
        for value in Set([low, 1.0, high - 1.0 >= 0.2 ? high : 1.0]).sorted() {
            grid.append(
                GridLine(y: SVGNumber.format(y(value)), label: ReportFormat.percent(value), emphasis: value == 1.0)
            )
        }
        self.grid = grid
        chips = takes.enumerated().map { index, take in
            var text = "#\(index + 1) " + ReportFormat.takeResult(take)
            if let tempo = take.tempo { text += " · " + ReportFormat.percent(tempo) }
            if let hand = take.hand { text += " · " + (hand == "left" ? "LH" : "RH") }
            if let hesitations = take.hesitations, hesitations > 0 {
                text += " · " + ReportFormat.plural(hesitations, "pause")
            }
            if let scoreTempo = take.scoreTempo {
                text += " · " + ReportFormat.percent(scoreTempo) + " of " + (markedTempo.map(ScoreDigest.mark) ?? "♩")
            }
            return Chip(text: text, status: TimelineView.status(take), title: Self.places(take.errorPlaces ?? []))
        }
    }
}

extension PassageCardView.Point: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "cx": cx
        case "cy": cy
        case "status": status
        case "label": label
        case "labelY": labelY
        case "hasLabel": hasLabel
        case "number": number
        case "hasTempo": hasTempo
        case "squareX": squareX
        default: nil
        }
    }
}

extension PassageCardView.GridLine: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "y": y
        case "label": label
        case "emphasis": emphasis
        default: nil
        }
    }
}

extension PassageCardView.Chip: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "text": text
        case "status": status
        case "title": title
        default: nil
        }
    }
}

extension PassageCardView: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "name": name
        case "caption": caption
        case "stats": stats
        case "points": points
        case "line": line
        case "grid": grid
        case "chips": chips
        default: nil
        }
    }
}
