import PracticeAnalyzer
import PracticeSegmenter

/// What the renderings say about each piece practised from its score: the tempo played
/// against the score's mark, and the bars that need work — shared by text, Markdown and HTML.
struct ScoreDigest {
    /// Runs of bars listed in text and Markdown, worst first; the rest are counted.
    static let shownRuns = 5

    var material: String
    var name: String
    /// "played at 55–70 % of ♩ = 120"; nil when no take has a tempo against the score.
    var tempo: String?
    /// Every bar judged takes played, in printed order.
    var bars: [BarErrors]
    /// The runs of bars that need work most, worst first (at most ``shownRuns``).
    var worst: [BarsNeedingWork]
    /// Runs of bars with errors not in `worst`.
    var moreRuns: Int
    /// Takes judged against the score.
    var judgedTakes: Int

    /// One digest per repertoire material with a tempo against its score or takes judged
    /// against it, in the report's material order. O(materials · takes).
    static func all(_ report: PracticeReport) -> [ScoreDigest] {
        let takes = report.allTakes.map(\.take)
        return report.materials.compactMap { material in
            let mine = takes.filter { $0.passage.hasPrefix(material.id + "/") }
            let digest = ScoreDigest(material: material, takes: mine)
            return digest.tempo == nil && digest.bars.isEmpty ? nil : digest
        }
    }

    init(material: PracticeReport.Material, takes: [PracticeReport.Take]) {
        self.material = material.id
        name = material.name
        let complete = takes.filter(\.complete).compactMap(\.scoreTempo)
        let tempos = (complete.isEmpty ? takes.compactMap(\.scoreTempo) : complete).sorted()
        tempo = tempos.first.map { low in
            let high = tempos[tempos.count - 1]
            let range =
                ReportFormat.percent(low) == ReportFormat.percent(high)
                ? ReportFormat.percent(high) : ReportFormat.percent(low) + "–" + ReportFormat.percent(high)
            return "played at \(range) of " + (material.markedTempo.map(Self.mark) ?? "the marked tempo")
        }
        bars = material.barErrors ?? []
        let runs = material.barsNeedingWork ?? []
        worst = BarsNeedingWork.worst(runs, limit: Self.shownRuns)
        moreRuns = runs.count - worst.count
        judgedTakes = takes.filter { $0.errorPlaces != nil }.count
    }

    /// "♩ = 120", "♩ = 92.5".
    static func mark(_ quarterNotesPerMinute: Double) -> String {
        "♩ = " + ReportFormat.decimal(quarterNotesPerMinute)
    }

    /// The bars in one line for people: the worst runs, or that the judged takes made no
    /// error in the bars they played; nil when no take was judged against the score.
    var barsSummary: [String]? {
        guard judgedTakes > 0, !bars.isEmpty else { return nil }
        guard !worst.isEmpty else {
            return [
                "no errors in the \(ReportFormat.plural(bars.count, "bar")) "
                    + "\(ReportFormat.plural(judgedTakes, "judged take")) played"
            ]
        }
        return worst.map(\.summary) + (moreRuns > 0 ? ["\(moreRuns) more with errors"] : [])
    }
}
