/// The thresholds the analyzer works with. Every one is documented in docs/metrics.md; the
/// defaults were chosen on generated sessions and the development set, not on one session.
public struct AnalyzerConfiguration: Hashable, Sendable {
    /// Notes whose onsets lie within this window of the first note of a chord count as one chord
    /// (nanoseconds). Humanised chords spread by 10–40 ms; 50 ms keeps fast runs apart.
    public var chordWindow: Int64 = 50_000_000

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

    /// A complete take spanning at least this share of its material's extent in the session is
    /// a run-through; shorter ones are passage work.
    public var runThroughShare: Double = 0.75

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

    /// A gap inside a take longer than the expected one by this factor and by `hesitationMinimum`
    /// nanoseconds is a hesitation.
    public var hesitationFactor: Double = 2.5
    public var hesitationMinimum: Int64 = 400_000_000

    /// Largest alignment matrix (take notes × reference notes) the analyzer fills; bigger
    /// comparisons are skipped and their takes left unassessed. 30 M cells is 30 MB and ~0.1 s.
    public var maximumAlignmentCells: Int = 30_000_000

    public init() {}
}
