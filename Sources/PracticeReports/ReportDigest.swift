import PracticeAnalyzer
import PracticeSegmenter

/// The report boiled down to what the renderings show, in display order and display units —
/// shared by text, Markdown and HTML so that every format says the same numbers.
struct ReportDigest {
    var title: String
    var subtitle: String
    var highlights: [Highlight]
    var passages: [PassageRow]

    struct Highlight {
        enum Tone { case good, neutral, warning }
        var tone: Tone
        var text: String
    }

    struct PassageRow {
        var passage: PassageMetrics
        var name: String
        /// "p7" from "m1/p7".
        var shortID: String
        var clean: String
        var firstClean: String
        var tempo: String
        var errors: String
    }

    init(_ report: PracticeReport) {
        let session = report.session
        var title = session.id.map { "Session \($0)" } ?? "Practice session"
        if let start = session.start { title += " · " + ReportFormat.dateTime(start) }
        self.title = title
        var parts = [
            "\(ReportFormat.clock(session.duration)) session",
            "\(ReportFormat.clock(session.activeTime)) playing",
            ReportFormat.plural(session.notes, "note"),
        ]
        if let source = session.source { parts.append(source) }
        subtitle = parts.joined(separator: " · ")
        passages = (report.passages ?? []).map { Self.row($0, report: report) }
            .sorted { ($0.passage.time, $1.passage.id) > ($1.passage.time, $0.passage.id) }
        highlights = Self.highlights(report)
    }

    static func passageName(_ passage: PassageMetrics, report: PracticeReport) -> String {
        report.materialName(passage.material) + " · " + shortID(passage.id)
    }

    static func shortID(_ passage: String) -> String {
        passage.split(separator: "/").last.map(String.init) ?? passage
    }

    static func row(_ passage: PassageMetrics, report: PracticeReport) -> PassageRow {
        let tempos = passage.tempos.compactMap { $0 }
        let tempo: String =
            switch tempos.count {
            case 0: "—"
            case 1: ReportFormat.percent(tempos[0])
            default:
                ReportFormat.percent(tempos[0]) == ReportFormat.percent(tempos[tempos.count - 1])
                    ? ReportFormat.percent(tempos[0])
                    : ReportFormat.percent(tempos[0]) + "→" + ReportFormat.percent(tempos[tempos.count - 1])
            }
        return PassageRow(
            passage: passage,
            name: report.materialName(passage.material),
            shortID: shortID(passage.id),
            clean: passage.takes.judged == 0 ? "—" : "\(passage.takes.clean)/\(passage.takes.judged)",
            firstClean: passage.takesToFirstClean.map { "#\($0)" } ?? "—",
            tempo: tempo,
            errors: ReportFormat.decimal(passage.takes.errorsPerTake)
        )
    }

    /// Up to five observations, most telling first. Each quotes numbers shown elsewhere.
    static func highlights(_ report: PracticeReport) -> [Highlight] {
        var result: [Highlight] = []
        let passages = (report.passages ?? []).filter { $0.kind == .repertoire }
        // The passage that came furthest: clean in the end, with the largest tempo gain.
        let takesByPassage = Dictionary(grouping: report.allTakes.map(\.take), by: \.passage)
        let progressed = passages.compactMap { passage -> (PassageMetrics, Double, Double)? in
            // Only a passage whose last take was clean: speed bought with wrong notes is no progress.
            let takes = (takesByPassage[passage.id] ?? []).sorted { $0.start < $1.start }.filter { $0.tempo != nil }
            guard let first = takes.first?.tempo, let last = takes.last, last.clean == true, let lastTempo = last.tempo,
                takes.count >= 2
            else { return nil }
            return (passage, first, lastTempo)
        }.max { ($0.2 - $0.1, $1.0.id) < ($1.2 - $1.1, $0.0.id) }
        if let (passage, first, last) = progressed, last > first {
            result.append(
                Highlight(
                    tone: .good,
                    text: "\(passageName(passage, report: report)): tempo \(ReportFormat.percent(first)) → "
                        + "\(ReportFormat.percent(last)) over \(ReportFormat.plural(passage.takes.count, "take")), "
                        + "first clean at take \(passage.takesToFirstClean ?? 0)."
                )
            )
        }
        // The passage that resisted most: no clean take, or the most takes before the first.
        let stubborn = passages.filter { $0.takes.count >= 2 && $0.id != progressed?.0.id }
            .max { ($0.takesToFirstClean ?? 1000, $0.takes.count) < ($1.takesToFirstClean ?? 1000, $1.takes.count) }
        if let passage = stubborn {
            if passage.takesToFirstClean == nil {
                result.append(
                    Highlight(
                        tone: .warning,
                        text: "\(passageName(passage, report: report)): no clean take in "
                            + "\(ReportFormat.plural(passage.takes.count, "try", "tries"))."
                    )
                )
            } else if let first = passage.takesToFirstClean, first >= 3 {
                result.append(
                    Highlight(
                        tone: .neutral,
                        text: "\(passageName(passage, report: report)): "
                            + "\(ReportFormat.plural(first, "take")) to the first clean one."
                    )
                )
            }
        }
        if let focus = report.metrics.focus {
            if let stretch = focus.longestStretch, focus.style == "focused" || focus.contextSwitches <= 2 {
                result.append(
                    Highlight(
                        tone: .good,
                        text:
                            "Focused: \(ReportFormat.clock(stretch.duration)) on \(report.materialName(stretch.material)) "
                            + "without switching."
                    )
                )
            } else if focus.style == "scattered" {
                result.append(
                    Highlight(
                        tone: .warning,
                        text: "Scattered: \(ReportFormat.plural(focus.contextSwitches, "switch", "switches")) "
                            + "(\(ReportFormat.decimal(focus.switchesPerHour)) an hour) — one thing at a time?"
                    )
                )
            }
        }
        if let time = report.metrics.time, time.active > 0 {
            if time.technique == 0 {
                result.append(Highlight(tone: .warning, text: "No technique today — revisit the basics?"))
            } else {
                result.append(
                    Highlight(
                        tone: time.basicsShare >= 0.1 ? .neutral : .warning,
                        text: "Basics: \(ReportFormat.clock(time.technique)) of technique, "
                            + "\(ReportFormat.percent(time.basicsShare)) of the playing time."
                    )
                )
            }
        }
        return Array(result.prefix(5))
    }
}
