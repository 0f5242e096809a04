public import PracticeSegmenter

/// What the analyzer found about how a session went: the workflow metrics of docs/metrics.md.
///
/// Times are seconds rounded to the millisecond (as in the `woodshed.report.v1` document);
/// shares and tempos are plain ratios (0.5 = 50 %). The arrays `steps` and `takes` run parallel
/// to the segmentation: `steps[i]` describes `segmentation.steps[i]`, `takes` lists every take
/// of every step in step order.
public struct WorkflowAnalysis: Codable, Hashable, Sendable {
    public var time: TimeMetrics
    public var focus: FocusMetrics
    /// Totals over the takes of repertoire steps (the takes `metrics.takes` counts).
    public var takes: TakeTotals
    public var passages: [PassageMetrics]
    public var materials: [MaterialMetrics]
    public var steps: [StepMetrics]
    public var takeDetails: [TakeMetrics]
    /// How the session followed its process template; nil without a template.
    public var process: ProcessMetrics?
    /// Automatic tags, sorted.
    public var tags: [String]
}

/// Where the time went. `active + breaks + pauses == total` and
/// `technique + repertoire + free == active` (up to millisecond rounding).
public struct TimeMetrics: Codable, Hashable, Sendable {
    /// Session length, seconds: from time 0 to the end of the last sound (``Note/lastSoundEnd(of:)``).
    public var total: Double
    /// Playing time, seconds: while notes sound, silences under 2 s included
    /// (``Note/activeDuration(of:bridging:)``, the library's `activeNs`).
    public var active: Double
    /// Seconds in rest steps (breaks the segmenter found).
    public var breaks: Double
    /// Silence that is no break, seconds: the lead-in, and pauses of 2 s or more between takes,
    /// phrases and steps.
    public var pauses: Double
    /// Playing time in technique, repertoire and free-play steps, seconds.
    public var technique: Double
    public var repertoire: Double
    public var free: Double
    /// technique ÷ active: the share of playing time spent on the basics (0 when nothing was played).
    public var basicsShare: Double
}

/// One thing at a time: how often attention moved between materials.
public struct FocusMetrics: Codable, Hashable, Sendable {
    /// Changes of material between consecutive non-rest steps (as `metrics.contextSwitches`).
    public var contextSwitches: Int
    /// Context switches per hour of session, 1/h.
    public var switchesPerHour: Double
    /// Times a material was taken up again after working on another one.
    public var returns: Int
    /// Longest run of consecutive non-rest steps on one material (breaks do not interrupt it).
    public var longestStretch: Stretch?
    /// Time-weighted mean length of the stretches, seconds: how long the stretch around a
    /// randomly chosen moment of playing lasts.
    public var typicalStretch: Double
    /// Mean number of distinct materials per 10-minute window that has playing in it.
    public var fragmentation: Double
    /// The most distinct materials in one 10-minute window.
    public var fragmentationPeak: Int
    /// "focused", "scattered" or "mixed" (or "empty" without playing), from `returns`.
    public var style: String

    public struct Stretch: Codable, Hashable, Sendable {
        public var material: String
        public var start: Double
        public var end: Double
        /// end − start, seconds.
        public var duration: Double
    }
}

/// Counts over a set of takes.
public struct TakeTotals: Codable, Hashable, Sendable {
    public var count: Int
    public var complete: Int
    /// Takes stopped before the end of their passage.
    public var abandoned: Int
    /// Complete takes without wrong, missing or extra notes against the passage's best rendition.
    public var clean: Int
    /// Takes whose cleanliness is known: the takes whose notes were judged, and the abandoned
    /// ones (stopped early: not clean, whatever their notes).
    public var judged: Int
    /// clean ÷ judged (0 when none is judged).
    public var cleanRatio: Double
    /// Takes started less than a second after the previous one ended.
    public var restartsWithoutPause: Int
    /// Mean wrong + missing + extra notes per take whose notes were judged; 0 when none was
    /// (then `errorsJudged` is 0: show "not judged", not 0).
    public var errorsPerTake: Double
    /// Takes whose notes were judged (``TakeMetrics/errors`` present); nil in reports of
    /// analyzer version 4 and earlier.
    public var errorsJudged: Int?

    /// Mean errors per judged take, or nil when no take's notes were judged (an old report
    /// without `errorsJudged` gives its `errorsPerTake`).
    public var errorsPerJudgedTake: Double? {
        errorsJudged == 0 ? nil : errorsPerTake
    }
}

/// Why a take's notes were not judged.
public enum NotJudgedReason: String, Codable, Hashable, Sendable, CaseIterable {
    /// The only take of its passage: nothing to compare it with.
    case playedOnce = "played-once"
    /// Fewer than three takes agree on the passage where it played (two takes: either may be
    /// the wrong one), and no score says what the music is.
    case fewTakes = "few-takes"
    /// Most of its keys match nothing in the reference: another section, another version, or
    /// a reference that is not its music.
    case unmatched
    /// Too few melody and bass keys to judge.
    case tooFewKeys = "too-few-keys"
    /// Differences in more than a third of its keys: too far from the reference to say which
    /// notes were wrong.
    case tooFar = "too-far"

    /// For people: "played once", "fewer than 3 takes agree", …
    public var label: String {
        switch self {
        case .playedOnce: "played once"
        case .fewTakes: "fewer than 3 takes agree"
        case .unmatched: "does not follow the reference"
        case .tooFewKeys: "too few notes"
        case .tooFar: "too far from the reference"
        }
    }
}

/// What the analyzer says about one take.
public struct TakeMetrics: Codable, Hashable, Sendable {
    /// 1-based number of the take within its passage, in time order.
    public var number: Int
    /// Seconds from the end of the previous take of the same step (negative: it overlapped).
    public var gapBefore: Double?
    public var restartWithoutPause: Bool
    /// Notes against the passage's best rendition; nil when they were not judged (`notJudged`
    /// says why).
    public var errors: NoteErrors?
    /// Why the take's notes were not judged; nil when they were.
    public var notJudged: NotJudgedReason?
    /// Complete and without errors (within the tolerance); false when abandoned; nil when not
    /// known — a complete take whose notes were not judged.
    public var clean: Bool?
    /// Tempo relative to the passage's fastest clean take (1 = as fast, 0.5 = half as fast).
    public var tempo: Double?
    /// "left" or "right" when the take played one hand's part only; nil for both hands.
    public var hand: String?
    /// Pauses inside the take much longer than the music asks for.
    public var hesitations: Int
    /// True for the take chosen as the passage's best rendition (the reference of the others);
    /// false for every take judged against a score.
    public var isReference: Bool
    /// Where its errors were in the score — printed bar and beat of each wrong, missing and
    /// extra note — when it was judged against its piece's score; nil otherwise.
    public var errorPlaces: [ErrorPlace]? = nil
    /// When and on which key each of its errors was, when its notes were judged against the
    /// passage's own best rendition (no score); nil otherwise.
    public var errorMarks: [ErrorMark]? = nil
}

/// Wrong, missing and extra notes of a take, as a piano teacher counts them (docs/metrics.md).
public struct NoteErrors: Codable, Hashable, Sendable {
    public var wrong: Int
    public var missing: Int
    public var extra: Int
    public var total: Int { wrong + missing + extra }

    public init(wrong: Int, missing: Int, extra: Int) {
        self.wrong = wrong
        self.missing = missing
        self.extra = extra
    }
}

/// All takes of one passage.
public struct PassageMetrics: Codable, Hashable, Sendable {
    public var id: String
    public var material: String
    public var kind: StepKind
    /// Position range the passage's takes cover (material positions).
    public var from: Double
    public var to: Double
    public var takes: TakeTotals
    /// Number of the first clean take; nil when none was clean.
    public var takesToFirstClean: Int?
    /// Notes in the passage's reference (the consensus of its takes; with a score, the keys of
    /// the score its judged takes covered).
    public var referenceNotes: Int
    /// Tempo of each take in order (see ``TakeMetrics/tempo``); nil where unknown.
    public var tempos: [Double?]
    /// Least-squares change of tempo per take (0.05 = 5 points faster each take).
    public var tempoTrend: Double?
    /// Coefficient of variation of the tempo of the complete takes (0 = all the same speed).
    public var tempoVariation: Double?
    /// Seconds inside takes of this passage.
    public var time: Double
    /// The printed bars the passage covers ("bars 21–24"), when its material matched a score.
    public var bars: BarRange?
}

/// One material (piece or exercise) over the session.
public struct MaterialMetrics: Codable, Hashable, Sendable {
    public var id: String
    public var name: String
    public var kind: StepKind
    public var libraryID: Int64?
    /// Seconds in steps on this material.
    public var time: Double
    public var steps: Int
    public var takes: TakeTotals
    public var passages: Int
    /// Seconds from the session start to the first step on it.
    public var firstStart: Double
    /// Material positions per second of the fastest clean take (comparable across sessions of
    /// the same library material); nil without clean takes.
    public var bestPace: Double?
    /// Every bar its takes judged against its score played, in printed order, with the takes
    /// that went wrong in it; nil when no take was judged against a score.
    public var barErrors: [BarErrors]? = nil
    /// Runs of bars with errors (``BarsNeedingWork/runs(_:)``), in printed order; nil as
    /// `barErrors`.
    public var barsNeedingWork: [BarsNeedingWork]? = nil
    /// The score's first tempo mark, quarter notes per minute (♩ = 120), when the material
    /// matched a score that marks one: what takes' `scoreTempo` is measured against.
    public var markedTempo: Double? = nil
}

/// What the analyzer adds to one step.
public struct StepMetrics: Codable, Hashable, Sendable {
    /// scales, arpeggios, exercises, passage-work or run-through; nil when unknown.
    public var activity: ProcessTemplate.Activity?
    /// Id of the process-template step it counts for; nil when it matches none.
    public var templateStep: String?
}

/// The session against its process template.
public struct ProcessMetrics: Codable, Hashable, Sendable {
    public var template: String
    public var title: String
    public var steps: [TemplateStep]
    /// Seconds of playing that matched no template step.
    public var unmatchedTime: Double
    public var unmatchedSteps: Int
    /// Template step ids in the order they were first reached.
    public var order: [String]
    /// Times the session went back to an earlier template step.
    public var outOfOrder: Int

    public struct TemplateStep: Codable, Hashable, Sendable {
        public var id: String
        public var title: String
        /// Target seconds; nil when the template gives none.
        public var planned: Double?
        public var actual: Double
        /// "done" (within ±25 % of the target or no target), "short", "long", "skipped", or
        /// "skipped (optional)".
        public var status: String
        public var optional: Bool
    }
}
