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
        /// "bars 21–24", or without a score its place in the piece: "from the opening",
        /// "from 1:12 of the piece" (``PassagePlaces``).
        var label: String
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
        // Piece by piece, each in the order its passages lie in it.
        let places = PassagePlaces(report)
        let byID = Dictionary((report.passages ?? []).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        passages = places.order.compactMap { byID[$0] }.map { Self.row($0, report: report, places: places) }
        highlights = Self.highlights(report)
    }

    static func passageName(_ passage: PassageMetrics, report: PracticeReport) -> String {
        report.materialName(passage.material) + " · " + PassagePlaces(report).label(passage)
    }

    static func shortID(_ passage: String) -> String {
        passage.split(separator: "/").last.map(String.init) ?? passage
    }

    static func row(_ passage: PassageMetrics, report: PracticeReport, places: PassagePlaces) -> PassageRow {
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
            label: places.label(passage),
            clean: passage.takes.judged == 0 ? "—" : "\(passage.takes.clean)/\(passage.takes.judged)",
            firstClean: passage.takesToFirstClean.map { "#\($0)" } ?? "—",
            tempo: tempo,
            errors: ReportFormat.errorsPerTake(passage.takes)
        )
    }

    /// The analyzer's highlights (``SessionHighlight``) in words. Each quotes numbers shown elsewhere.
    static func highlights(_ report: PracticeReport) -> [Highlight] {
        let chosen = SessionHighlight.highlights(
            passages: report.passages ?? [],
            takes: report.allTakes.map {
                SessionHighlight.Take(
                    passage: $0.take.passage,
                    start: $0.take.start,
                    tempo: $0.take.tempo,
                    clean: $0.take.clean
                )
            },
            focus: report.metrics.focus,
            time: report.metrics.time
        )
        return chosen.map { Highlight(tone: Highlight.Tone($0.tone), text: text($0, report: report)) }
    }

    static func text(_ highlight: SessionHighlight, report: PracticeReport) -> String {
        switch highlight {
        case .tempoGain(let passage, let first, let last):
            "\(passageName(passage, report: report)): tempo \(ReportFormat.percent(first)) → "
                + "\(ReportFormat.percent(last)) over \(ReportFormat.plural(passage.takes.count, "take")), "
                + "first clean at take \(passage.takesToFirstClean ?? 0)."
        case .noCleanTake(let passage):
            "\(passageName(passage, report: report)): no clean take in "
                + "\(ReportFormat.plural(passage.takes.judged, "try", "tries"))."
        case .lateFirstClean(let passage, let first):
            "\(passageName(passage, report: report)): \(ReportFormat.plural(first, "take")) to the first clean one."
        case .focused(let stretch):
            "Focused: \(ReportFormat.clock(stretch.duration)) on \(report.materialName(stretch.material)) "
                + "without switching."
        case .scattered(let focus):
            "Scattered: \(ReportFormat.plural(focus.contextSwitches, "switch", "switches"))"
                + (ReportFormat.perHour(focus.switchesPerHour, playing: report.session.activeTime).map {
                    " (\($0) an hour)"
                } ?? "") + " — one thing at a time?"
        case .noTechnique:
            "No technique today — revisit the basics?"
        case .basics(let time):
            "Basics: \(ReportFormat.clock(time.technique)) of technique, "
                + "\(ReportFormat.percent(time.basicsShare)) of the playing time."
        }
    }
}

extension ReportDigest.Highlight.Tone {
    init(_ tone: SessionHighlight.Tone) {
        switch tone {
        case .good: self = .good
        case .neutral: self = .neutral
        case .warning: self = .warning
        }
    }
}
