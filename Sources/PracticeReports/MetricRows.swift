import Mustache
import PracticeAnalyzer

/// The metrics table of the Markdown and HTML reports: one row per session metric, named as in
/// docs/metrics.md, with the value in display units.
struct MetricRows {
    struct Row {
        var group: String
        var name: String
        var value: String
    }

    var rows: [Row] = []

    init(_ report: PracticeReport) {
        let metrics = report.metrics
        if let time = metrics.time {
            add("Time", "Session", ReportFormat.clock(time.total))
            add("Time", "Playing (active)", ReportFormat.clock(time.active))
            add("Time", "Technique", ReportFormat.clock(time.technique))
            add("Time", "Repertoire", ReportFormat.clock(time.repertoire))
            add("Time", "Free play", ReportFormat.clock(time.free))
            add("Time", "Breaks", ReportFormat.clock(time.breaks))
            add("Time", "Pauses (not breaks)", ReportFormat.clock(time.pauses))
            add("Time", "Basics share", ReportFormat.percent(time.basicsShare))
        } else {
            add("Time", "Session", ReportFormat.clock(report.session.duration))
            add("Time", "Playing (active)", ReportFormat.clock(report.session.activeTime))
        }
        add("Focus", "Context switches", "\(metrics.contextSwitches)")
        if let focus = metrics.focus {
            add(
                "Focus",
                "Switches per hour",
                ReportFormat.perHour(focus.switchesPerHour, playing: report.session.activeTime)
                    ?? "— (under 10 min of playing)"
            )
            add("Focus", "Returns to a material", "\(focus.returns)")
            if let stretch = focus.longestStretch {
                add(
                    "Focus",
                    "Longest stretch",
                    ReportFormat.clock(stretch.duration) + " on " + report.materialName(stretch.material)
                )
            }
            add("Focus", "Typical stretch", ReportFormat.clock(focus.typicalStretch))
            add("Focus", "Materials per 10 min", ReportFormat.decimal(focus.fragmentation))
            add("Focus", "Style", focus.style)
        }
        add("Takes", "Takes", "\(metrics.takes)")
        if let takes = metrics.takeTotals {
            add("Takes", "Complete", "\(takes.complete)")
            add("Takes", "Abandoned", "\(takes.abandoned)")
            add(
                "Takes",
                "Clean",
                takes.judged == 0
                    ? "—"
                    : "\(takes.clean)" + (takes.judged < takes.count ? " of \(takes.judged)" : "")
                        + " (\(ReportFormat.percent(takes.cleanRatio)))"
            )
            if ReportFormat.notJudgedCount(takes) > 0 {
                add("Takes", "Notes not judged", "\(ReportFormat.notJudgedCount(takes))")
            }
            add("Takes", "Restarts without a pause", "\(takes.restartsWithoutPause)")
            add("Takes", "Errors per take", ReportFormat.errorsPerTake(takes))
        }
        if let passages = report.passages, !passages.isEmpty {
            add("Takes", "Passages", "\(passages.count)")
            let firsts = passages.compactMap(\.takesToFirstClean)
            if !firsts.isEmpty {
                add(
                    "Takes",
                    "Takes to first clean (mean)",
                    ReportFormat.decimal(Double(firsts.reduce(0, +)) / Double(firsts.count))
                )
            }
        }
        add("Notes", "Notes played", ReportFormat.count(report.session.notes))
    }

    private mutating func add(_ group: String, _ name: String, _ value: String) {
        rows.append(Row(group: group, name: name, value: value))
    }
}

extension MetricRows.Row: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "group": group
        case "name": name
        case "value": value
        default: nil
        }
    }
}
