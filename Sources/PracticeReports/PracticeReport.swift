import MIDICore
public import PracticeAnalyzer
public import PracticeSegmenter

/// The `woodshed.report.v1` document: what a session was made of, in seconds from the start of
/// the session. Field by field in docs/report-schema.md; it is a public interface, so fields are
/// only ever added.
public struct PracticeReport: Codable, Hashable, Sendable {
    public static let schemaName = "woodshed.report.v1"

    public var schema: String = Self.schemaName
    public var session: Session
    public var steps: [Step]
    public var materials: [Material]
    public var metrics: Metrics
    public var tags: [String]
    /// Added by the analyzer: every passage with its takes' totals and tempos.
    public var passages: [PassageMetrics]?
    /// Which program made the report; absent in reports from before the analyzer.
    public var analyzer: Analyzer?

    public struct Analyzer: Codable, Hashable, Sendable {
        /// ``WorkflowAnalyzer/version`` that computed the metrics.
        public var version: Int
        /// ``PracticeSegmenter/version`` that found the steps; absent in early reports.
        public var segmenter: Int?
        /// Woodshed version, e.g. "0.1.0".
        public var woodshed: String?
    }

    public struct Session: Codable, Hashable, Sendable {
        /// Seconds from the start of the session to the end of its last sound.
        public var duration: Double
        /// Playing time, seconds: while notes sound, silences under 2 s included — the library's
        /// `activeNs` and `metrics.time.active` (docs/metrics.md). A report built from the
        /// segmentation alone (no notes: the segmenter's evaluation) has the time in its non-rest
        /// steps instead.
        public var activeTime: Double
        /// Number of notes played.
        public var notes: Int
        /// Library session id; absent for a file analysed outside the library.
        public var id: Int64?
        /// Wall-clock start with its UTC offset, ISO 8601 ("2026-11-25T18:03:12+01:00").
        public var start: String?
        /// The imported file or the devices recorded from.
        public var source: String?
    }

    public struct Step: Codable, Hashable, Sendable {
        public var start: Double
        public var end: Double
        public var kind: StepKind
        /// Material id, the same whenever the same piece or exercise comes back; absent for rest.
        public var material: String?
        public var label: String
        public var takes: [Take]
        /// Notes played in the step.
        public var notes: Int
        /// scales, arpeggios, exercises, passage-work or run-through, when known.
        public var activity: ProcessTemplate.Activity?
        /// The process-template step it counted for; absent when it matched none.
        public var templateStep: String?
        /// The exercises of a technique step, in time order; absent for other steps and for
        /// technique whose exercises were not named (reports from before they were).
        public var exercises: [Exercise]?
    }

    /// One exercise of a technique step, named by the segmenter (docs/segmenter.md).
    public struct Exercise: Codable, Hashable, Sendable {
        public var start: Double
        public var end: Double
        /// `scale`, `chromatic-scale`, `arpeggio`, `broken-chords`, `thirds`, `sixths`,
        /// `octaves`, `hanon`, `five-finger`, or `exercise` when no shape fits.
        public var kind: String
        /// "D minor", "B♭ major"; absent when the notes do not tell it (or a 7th chord names none).
        public var key: String?
        /// Tonic or root as spelled in the label ("D", "B♭", "C♯"); absent when unknown.
        public var tonic: String?
        /// `major`, `minor`, `harmonic-minor`, `melodic-minor`, `dominant-7th`, `diminished-7th`.
        public var mode: String?
        /// Range of the leading line in whole octaves; absent when not close to whole octaves.
        public var octaves: Int?
        /// `together`, `contrary`, `left`, `right` or `one-hand`.
        public var hands: String?
        /// "D minor scale (harmonic), 2 octaves, hands together".
        public var label: String
    }

    public struct Take: Codable, Hashable, Sendable {
        public var start: Double
        public var end: Double
        /// Passage id within the material, e.g. "m1/p2"; takes of the same passage share it.
        public var passage: String
        /// False when the take stopped before the end of its passage.
        public var complete: Bool
        /// Position range within the material (reference events, or bars with a reference score).
        public var from: Double
        public var to: Double
        /// Bars of the reference score, when the material matched a score added to the library:
        /// 1-based bars in played order, fractional within the bar.
        public var fromBar: Double?
        public var toBar: Double?
        /// The printed bars the take played, `{"first": 21, "last": 24}` (with the beats when it
        /// starts or stops inside a bar, and the hand when one staff played alone), when the
        /// material matched a score read with its bars.
        public var bars: BarRange?
        /// The tempo against the score's marked tempo over the bars played (0.7: at 70 % of
        /// ♩ = 120), when the score marks one.
        public var scoreTempo: Double?
        /// What the analyzer found about the take (see ``TakeMetrics``); absent before analysis.
        public var number: Int?
        public var clean: Bool?
        /// Wrong, missing and extra notes; absent when the take's notes were not judged.
        public var errors: NoteErrors?
        /// Why the take's notes were not judged (`played-once`, `few-takes`, `unmatched`,
        /// `too-few-keys`, `too-far`); absent when they were, and before analysis.
        public var notJudged: NotJudgedReason?
        /// Tempo relative to the passage's fastest clean take (1 = as fast).
        public var tempo: Double?
        /// "left" or "right" when one hand played alone.
        public var hand: String?
        public var hesitations: Int?
        public var restartWithoutPause: Bool?
        /// Seconds since the previous take of the step ended (negative: overlapping).
        public var gapBefore: Double?
        /// True for the passage's best rendition, the take the others are compared with.
        public var reference: Bool?
        /// Where its errors were in the score (printed bar, beat, key, time), when its notes
        /// were judged against its piece's score; absent otherwise.
        public var errorPlaces: [ErrorPlace]?
        /// When and on which key its errors were, when its notes were judged against the
        /// passage's own best rendition (no score); absent otherwise.
        public var errorMarks: [ErrorMark]?
    }

    public struct Material: Codable, Hashable, Sendable {
        public var id: String
        public var kind: StepKind
        public var name: String
        public var libraryID: Int64?
        public var isNew: Bool
        /// Positions in the material (the unit of takes' `from` and `to`); absent in reports
        /// from before materials had a length.
        public var length: Int?
        /// The title and the printed bars of the score the material matched, when it did.
        public var scoreTitle: String?
        public var bars: Int?
        /// Seconds in steps on the material.
        public var time: Double?
        public var steps: Int?
        public var takes: TakeTotals?
        public var passages: Int?
        /// Seconds from the session start to its first step.
        public var firstStart: Double?
        /// Material positions per second of its fastest clean take.
        public var bestPace: Double?
        /// Each bar its takes judged against its score played, in printed order, with the
        /// takes that went wrong in it; absent without takes judged against a score.
        public var barErrors: [BarErrors]?
        /// The runs of bars with errors — "bars 21–22: errors in 6 of 8 takes" — in printed
        /// order; absent as `barErrors`.
        public var barsNeedingWork: [BarsNeedingWork]?
        /// The score's first tempo mark, quarter notes per minute, when it marks one.
        public var markedTempo: Double?
    }

    public struct Metrics: Codable, Hashable, Sendable {
        /// Changes of material between consecutive non-rest steps.
        public var contextSwitches: Int
        /// Takes in repertoire steps.
        public var takes: Int
        /// Seconds of rest steps.
        public var restTime: Double
        /// Added by the analyzer (docs/metrics.md): time, focus, take totals, process.
        public var time: TimeMetrics?
        public var focus: FocusMetrics?
        /// Totals over the takes of repertoire steps (`count` equals `takes`).
        public var takeTotals: TakeTotals?
        public var process: ProcessMetrics?
    }
}

extension PracticeReport {
    /// Builds the report for a segmentation — the segmenter's view, for its evaluation. Reports
    /// Woodshed shows or stores add the analysis (``init(_:noteCount:analysis:facts:woodshedVersion:)``),
    /// which also sets the session's playing time from the notes. O(steps + takes).
    public init(_ segmentation: Segmentation, noteCount: Int) {
        let seconds = Seconds.from
        let names = Dictionary(segmentation.materials.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        steps = segmentation.steps.map { step in
            Step(
                start: seconds(step.start),
                end: seconds(step.end),
                kind: step.kind,
                material: step.material,
                label: step.kind == .repertoire ? (step.material.flatMap { names[$0] } ?? step.label) : step.label,
                takes: step.takes.map {
                    Take(
                        start: seconds($0.start),
                        end: seconds($0.end),
                        passage: $0.passage,
                        complete: $0.complete,
                        from: $0.from,
                        to: $0.to,
                        fromBar: $0.fromBar.map { ($0 * 100).rounded() / 100 },
                        toBar: $0.toBar.map { ($0 * 100).rounded() / 100 },
                        bars: $0.bars,
                        scoreTempo: $0.scoreTempo
                    )
                },
                notes: step.notes.count,
                exercises: step.kind == .technique && !step.exercises.isEmpty
                    ? step.exercises.map { PracticeReport.Exercise($0, seconds: seconds) } : nil
            )
        }
        materials = segmentation.materials.map {
            Material(
                id: $0.id,
                kind: $0.kind,
                name: $0.name,
                libraryID: $0.libraryID,
                isNew: $0.isNew,
                length: $0.length,
                scoreTitle: $0.scoreTitle,
                bars: $0.barCount
            )
        }
        var switches = 0
        var previous: String??
        for step in segmentation.steps where step.kind != .rest {
            if let previous, previous != step.material { switches += 1 }
            previous = .some(step.material)
        }
        let rest = segmentation.steps.filter { $0.kind == .rest }.reduce(Int64(0)) { $0 + $1.end - $1.start }
        let active = segmentation.steps.filter { $0.kind != .rest }.reduce(Int64(0)) { $0 + $1.end - $1.start }
        metrics = Metrics(
            contextSwitches: switches,
            takes: segmentation.steps.filter { $0.kind == .repertoire }.reduce(0) { $0 + $1.takes.count },
            restTime: seconds(rest)
        )
        session = Session(duration: seconds(segmentation.duration), activeTime: seconds(active), notes: noteCount)
        var tagSet: [String] = []
        for step in segmentation.steps where step.kind != .rest {
            if !tagSet.contains(step.kind.rawValue) { tagSet.append(step.kind.rawValue) }
        }
        tags = tagSet
    }
}

/// The segmenter's exercise (inside `PracticeReport`, `Exercise` is the report's own).
typealias SegmenterExercise = Exercise

extension PracticeReport.Exercise {
    /// The report's view of a segmenter exercise; `seconds` converts nanoseconds.
    init(_ exercise: SegmenterExercise, seconds: (Int64) -> Double) {
        self.init(
            start: seconds(exercise.start),
            end: seconds(exercise.end),
            kind: exercise.kind.rawValue,
            key: exercise.keyName,
            tonic: exercise.tonicName,
            mode: exercise.mode?.rawValue,
            octaves: exercise.octaves,
            hands: exercise.hands?.rawValue,
            label: exercise.label
        )
    }
}
