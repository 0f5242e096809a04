import MIDICore

/// The thresholds the analyzer works with. Every one is documented in docs/metrics.md; the
/// defaults were chosen on generated sessions and the development set, not on one session.
public struct AnalyzerConfiguration: Hashable, Sendable {
    /// Notes whose onsets lie within this window of the first note of a chord count as one chord
    /// (nanoseconds): ``Note/chordWindow`` (40 ms), the window the segmenter groups by too.
    public var chordWindow: Int64 = Note.chordWindow

    /// Notes softer than `ghostVelocity` and released within `ghostDuration` nanoseconds are
    /// keys brushed in passing, left out of the comparison of takes.
    public var ghostVelocity: UInt8 = 12
    public var ghostDuration: Int64 = 60_000_000

    /// A take that starts less than this after the previous take of the same step ended is a
    /// restart without a pause (nanoseconds). Negative gaps (restarting while the last notes
    /// still sound) count too.
    public var restartPause: Int64 = 1_000_000_000

    /// Wrong + missing + extra notes a take may have and still be clean. Zero: the issue's
    /// definition ("without wrong, missing or extra notes").
    public var cleanTolerance: Int = 0

    /// Keys softer than this share of the median velocity of their take barely sound: neither
    /// wrong nor missing nor extra (silent pianos' key sensors record such half-strokes).
    public var faintShare: Double = 0.35

    /// Notes of ornaments — trills, turns, mordents (a key, its neighbour a second away, the key
    /// again, each within `alternationInterval` of the one before) and grace notes (up to three
    /// keys within `graceInterval` of the next, leading to a main note, set apart by silences
    /// twice their spacing) — are left out of the comparison; their main note stays.
    public var alternationInterval: Int64 = 170_000_000
    public var graceInterval: Int64 = 100_000_000

    /// A reference built from the takes is trusted where at least this many takes cover it and
    /// a strict majority of them (two at least) agree. Three: with two takes, either may be
    /// the one that is wrong, so neither is judged against the other.
    public var agreeingTakes: Int = 3

    /// A take is judged only when trusted reference keys make up at least
    /// `minimumTrustedShare` of the outer (melody and bass) keys it owes, those are at least
    /// `minimumOwedKeys`, the alignment matches at least `minimumMatchedShare` of its keys, and
    /// its errors are at most `maximumErrorShare` of the keys owed; otherwise it is "not
    /// judged" — too far from the reference to say which notes were wrong.
    public var minimumTrustedShare: Double = 0.5
    public var minimumOwedKeys: Int = 6
    public var minimumMatchedShare: Double = 0.5
    public var maximumErrorShare: Double = 0.25

    /// A complete take spanning at least this share of its material's extent in the session is
    /// a run-through; shorter ones are passage work.
    public var runThroughShare: Double = 0.75

    /// Free play shorter than this (nanoseconds) between two steps on one material is a blip
    /// between takes — trying a few notes, noodling while thinking — and no context switch.
    public var blipLength: Int64 = 40_000_000_000

    /// Window for fragmentation, distinct materials per window (nanoseconds): 10 minutes.
    public var fragmentationWindow: Int64 = 600_000_000_000

    /// A session is "focused" when it returns to a material it had left at most
    /// max(`focusedReturns`, `focusedReturnsPerHour` × hours) times, and "scattered" from
    /// max(`scatteredReturns`, `scatteredReturnsPerHour` × hours) returns; "mixed" between.
    /// Returns, not switches: going from the warm-up to a piece is a switch but no return.
    public var focusedReturns: Int = 1
    public var focusedReturnsPerHour: Double = 2
    public var scatteredReturns: Int = 3
    public var scatteredReturnsPerHour: Double = 6

    /// A take slower than this share of its passage's fastest clean take is slow practice.
    public var slowPracticeTempo: Double = 0.75

    /// Tempos count for the session's tempo tags (`tempo-70-100`, `slow-practice`) only from
    /// passages with at least this many takes whose notes were judged against a trusted
    /// reference: with fewer, "the fastest clean take" is one or two takes and the range says
    /// nothing.
    public var tempoTagMinimumTakes = 3

    /// A gap inside a take longer than the expected one by this factor and by `hesitationMinimum`
    /// nanoseconds is a hesitation.
    public var hesitationFactor: Double = 2.5
    public var hesitationMinimum: Int64 = 400_000_000

    /// Largest alignment matrix (take notes × reference notes) the analyzer fills; bigger
    /// comparisons are skipped and their takes left unassessed. 30 M cells is 30 MB and ~0.1 s.
    public var maximumAlignmentCells: Int = 30_000_000

    public init() {}

    var ornaments: Ornaments {
        Ornaments(alternationInterval: alternationInterval, graceInterval: graceInterval)
    }

    var judgementLimits: NoteJudgement.Limits {
        NoteJudgement.Limits(
            minimumTrustedShare: minimumTrustedShare,
            minimumOwedKeys: minimumOwedKeys,
            minimumMatchedShare: minimumMatchedShare,
            maximumErrorShare: maximumErrorShare
        )
    }
}
