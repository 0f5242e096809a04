import Mustache
import PracticeAnalyzer
import PracticeSegmenter

/// One piece practised from its score in the HTML report: the tempo against the score's mark,
/// and a heat strip over its bar numbers — one cell per bar the judged takes played, in
/// printed order, the darker the more of them went wrong in it — with the runs of bars that
/// need work most.
struct HeatStripView {
    /// Cells per row of the strip, and a cell's size in viewBox units.
    static let perRow = 32
    static let cellWidth = 30.0
    static let cellGap = 3.0
    static let cellHeight = 26.0
    /// Height of a row: the cell and the bar number under it.
    static let rowHeight = 44.0

    struct Cell {
        var x: String
        var y: String
        var width: String
        var height: String
        var tone: String
        var opacity: String
        var label: String
        var labelX: String
        var labelY: String
        var title: String
    }

    var name: String
    var tempo: String?
    var hasStrip: Bool
    var width: String
    var height: String
    var cells: [Cell]
    var runs: [String]
    var hasRuns: Bool
    var caption: String

    init(_ digest: ScoreDigest) {
        name = digest.name
        tempo = digest.tempo.map { $0.prefix(1).uppercased() + $0.dropFirst() }
        let columns = min(Self.perRow, max(digest.bars.count, 1))
        let step = Self.cellWidth + Self.cellGap
        width = SVGNumber.format(Double(columns) * step - Self.cellGap)
        let rows = (digest.bars.count + Self.perRow - 1) / Self.perRow
        height = SVGNumber.format(Double(rows) * Self.rowHeight)
        cells = digest.bars.enumerated().map { index, bar in
            let x = Double(index % Self.perRow) * step
            let y = Double(index / Self.perRow) * Self.rowHeight
            let share = bar.takes == 0 ? 0 : Double(bar.takesWithErrors) / Double(bar.takes)
            return Cell(
                x: SVGNumber.format(x),
                y: SVGNumber.format(y),
                width: SVGNumber.format(Self.cellWidth),
                height: SVGNumber.format(Self.cellHeight),
                tone: bar.takesWithErrors == 0 ? "ok" : "hot",
                // Any error shows; every take wrong in the bar is full strength.
                opacity: SVGNumber.format(bar.takesWithErrors == 0 ? 1 : 0.2 + 0.8 * share),
                label: bar.bar,
                labelX: SVGNumber.format(x + Self.cellWidth / 2),
                labelY: SVGNumber.format(y + Self.cellHeight + 12),
                title: "bar \(bar.bar): errors in \(bar.takesWithErrors) of \(ReportFormat.plural(bar.takes, "take"))"
                    + (bar.errors > 0 ? " (\(ReportFormat.plural(bar.errors, "error")))" : "")
            )
        }
        hasStrip = digest.judgedTakes > 0 && !cells.isEmpty
        runs = digest.barsSummary ?? []
        hasRuns = !runs.isEmpty
        caption =
            hasStrip
            ? "\(ReportFormat.plural(digest.bars.count, "bar")) played by "
                + "\(ReportFormat.plural(digest.judgedTakes, "take")) judged against the score"
            : "no take judged against the score"
    }
}

extension HeatStripView.Cell: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "x": x
        case "y": y
        case "width": width
        case "height": height
        case "tone": tone
        case "opacity": opacity
        case "label": label
        case "labelX": labelX
        case "labelY": labelY
        case "title": title
        default: nil
        }
    }
}

extension HeatStripView: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "name": name
        case "tempo": tempo
        case "hasStrip": hasStrip
        case "width": width
        case "height": height
        case "cells": cells
        case "runs": runs
        case "hasRuns": hasRuns
        case "caption": caption
        default: nil
        }
    }
}
