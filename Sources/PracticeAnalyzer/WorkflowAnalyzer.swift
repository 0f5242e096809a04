public import MIDICore
public import PracticeSegmenter

/// What the analyzer needs to know besides the notes: facts about the session from the library.
public struct AnalysisContext: Hashable, Sendable {
    /// Local hour (0–23) at which the session started, for the time-of-day tag.
    public var startHour: Int?
    /// Names of the instruments played, as recorded: sequencer ports ("client / port") and raw
    /// MIDI or serial device nodes. Empty for MIDI files (imported or replayed) and standard
    /// input, which name no instrument. Tagged by ``AutomaticTags/deviceTag(_:)``.
    public var devices: [String]
    /// The process the session is compared with; nil: no process metrics.
    public var template: ProcessTemplate?
    /// The library's pieces that have a score, by library id: the takes of a material matched
    /// to one (``MaterialSummary/libraryID``) are judged against its score, and their errors
    /// placed in its bars. Fingerprints without printed places (``MaterialFingerprint/score``)
    /// are not scores and are ignored.
    public var scores: [Int64: MaterialFingerprint]

    public init(
        startHour: Int? = nil,
        devices: [String] = [],
        template: ProcessTemplate? = nil,
        scores: [Int64: MaterialFingerprint] = [:]
    ) {
        self.startHour = startHour
        self.devices = devices
        self.template = template
        self.scores = scores
    }
}

/// Turns a segmentation into workflow metrics and automatic tags. Pure and deterministic: no
/// clock, no files, the same answer for the same input.
public struct WorkflowAnalyzer: Sendable {
    /// Stored with every analysis; raise it when a metric's meaning or computation changes, so
    /// `woodshed analyze --all --outdated` knows what to redo.
    public static let version = 8

    public var configuration: AnalyzerConfiguration

    public init(configuration: AnalyzerConfiguration = AnalyzerConfiguration()) {
        self.configuration = configuration
    }

    /// - Parameters:
    ///   - notes: the session's notes sorted by onset — the array the segmenter saw, since takes
    ///     and steps refer to it by index.
    /// - Complexity: O(steps·template² + Σ passages c·k·n²) for k takes of n notes, c ≤ 4;
    ///   a few milliseconds for an hour of practice.
    public func analyze(
        _ segmentation: Segmentation,
        notes: [Note],
        context: AnalysisContext = AnalysisContext()
    )
        -> WorkflowAnalysis
    {
        let activities = StepActivity.classify(segmentation, runThroughShare: configuration.runThroughShare)
        let takes = TakeAnalysis(segmentation, notes: notes, scores: context.scores, configuration: configuration)
        let time = SessionMetrics.time(segmentation, notes: notes)
        let focus = SessionMetrics.focus(segmentation, configuration: configuration)

        var steps = activities.map { StepMetrics(activity: $0, templateStep: nil) }
        var process: ProcessMetrics?
        if let template = context.template {
            // Exercise by exercise: a warm-up's scales and arpeggios count for their own steps.
            let mapping = ProcessMapper(template: template).map(segmentation.steps, activities: activities)
            for index in steps.indices {
                steps[index].templateStep = mapping.assignment[index].map { template.steps[$0].id }
            }
            process = mapping.metrics
        }

        let repertoire = takes.details.indices.filter { takes.kinds[$0] == .repertoire }
        let tempos = Self.measuredTempos(takes, among: repertoire, minimumTakes: configuration.tempoTagMinimumTakes)
        let tags = AutomaticTags.tags(
            segmentation,
            activities: activities,
            focus: focus,
            tempoRange: tempos.min().flatMap { low in tempos.max().map { low...$0 } },
            context: context,
            configuration: configuration
        )
        return WorkflowAnalysis(
            time: time,
            focus: focus,
            takes: takes.totals(repertoire),
            passages: takes.passages,
            materials: materials(segmentation, takes: takes),
            steps: steps,
            takeDetails: takes.details,
            process: process,
            tags: tags
        )
    }

    /// Tempos measured against a reference worth the name: takes whose notes were judged, of
    /// passages with at least `minimumTakes` such takes. O(takes).
    static func measuredTempos(_ takes: TakeAnalysis, among indices: [Int], minimumTakes: Int) -> [Double] {
        let judged = indices.filter { takes.details[$0].notJudged == nil && takes.details[$0].tempo != nil }
        var perPassage: [String: Int] = [:]
        for index in judged { perPassage[takes.takes[index].passage, default: 0] += 1 }
        return judged.filter { perPassage[takes.takes[$0].passage, default: 0] >= minimumTakes }
            .compactMap { takes.details[$0].tempo }
    }

    /// Per-material sums, in the segmentation's material order. O(steps + takes).
    private func materials(_ segmentation: Segmentation, takes: TakeAnalysis) -> [MaterialMetrics] {
        segmentation.materials.map { material in
            let steps = segmentation.steps.filter { $0.material == material.id }
            let time = steps.reduce(Int64(0)) { $0 + $1.end - $1.start }
            let mine = takes.details.indices.filter { takes.materials[$0] == material.id }
            let paces = mine.compactMap { index -> Double? in
                guard takes.details[index].clean == true, takes.details[index].hand == nil else { return nil }
                let take = takes.takes[index]
                guard take.end > take.start, take.to > take.from else { return nil }
                return (take.to - take.from) / (Double(take.end - take.start) / 1e9)
            }
            let bars = takes.barErrors(material.id)
            return MaterialMetrics(
                id: material.id,
                name: material.name,
                kind: material.kind,
                libraryID: material.libraryID,
                time: Seconds.from(time),
                steps: steps.count,
                takes: takes.totals(mine),
                passages: Set(mine.map { takes.takes[$0].passage }).count,
                firstStart: Seconds.from(steps.first?.start ?? 0),
                bestPace: paces.max().map { ($0 * 1000).rounded() / 1000 },
                barErrors: bars,
                barsNeedingWork: bars.map(BarsNeedingWork.runs),
                markedTempo: takes.markedTempo(material.id)
            )
        }
    }
}
