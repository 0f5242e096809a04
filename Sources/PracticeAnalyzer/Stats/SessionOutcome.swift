public import PracticeSegmenter

/// What one analysed session brings to the trends (``PracticeStats``): its day, how long it
/// was played, how much was technique, its takes and switches, and each material practised.
/// Reports carry all of it; `PracticeReport.outcome(on:)` reads it from a stored one.
public struct SessionOutcome: Hashable, Sendable {
    /// The session's local start day.
    public var date: CivilDate
    /// Seconds of playing (the session's playing time).
    public var playing: Double
    /// Seconds of technique; nil when the session was not analysed for time.
    public var technique: Double?
    /// Takes in repertoire steps.
    public var takes: Int
    public var takeTotals: TakeTotals?
    public var contextSwitches: Int
    public var materials: [Material]

    /// One material of the session.
    public struct Material: Hashable, Sendable {
        /// Its id in the library; nil for one the library does not keep.
        public var libraryID: Int64?
        public var name: String
        public var kind: StepKind
        /// Seconds in steps on it.
        public var time: Double?
        public var takes: TakeTotals?
        /// Takes to the first clean take, for each of its passages that got one, in passage order.
        public var takesToFirstClean: [Int]
        /// Material positions per second of its fastest clean take.
        public var bestPace: Double?

        public init(
            libraryID: Int64?,
            name: String,
            kind: StepKind,
            time: Double?,
            takes: TakeTotals?,
            takesToFirstClean: [Int],
            bestPace: Double?
        ) {
            self.libraryID = libraryID
            self.name = name
            self.kind = kind
            self.time = time
            self.takes = takes
            self.takesToFirstClean = takesToFirstClean
            self.bestPace = bestPace
        }
    }

    public init(
        date: CivilDate,
        playing: Double,
        technique: Double?,
        takes: Int,
        takeTotals: TakeTotals?,
        contextSwitches: Int,
        materials: [Material]
    ) {
        self.date = date
        self.playing = playing
        self.technique = technique
        self.takes = takes
        self.takeTotals = takeTotals
        self.contextSwitches = contextSwitches
        self.materials = materials
    }
}
