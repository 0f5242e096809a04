public import PracticeAnalyzer
public import PracticeSegmenter

extension PracticeReport {
    /// What the library knows about a session that the report shows beside the analysis.
    public struct SessionFacts: Hashable, Sendable {
        public var id: Int64?
        /// ISO 8601 with the recorded UTC offset.
        public var start: String?
        public var source: String?

        public init(id: Int64? = nil, start: String? = nil, source: String? = nil) {
            self.id = id
            self.start = start
            self.source = source
        }
    }

    /// The report of a segmentation with the analyzer's metrics merged in: every `v1` field
    /// keeps its meaning, the metrics are added beside them. O(steps + takes + materials).
    public init(
        _ segmentation: Segmentation,
        noteCount: Int,
        analysis: WorkflowAnalysis,
        facts: SessionFacts = SessionFacts(),
        woodshedVersion: String? = nil
    ) {
        self.init(segmentation, noteCount: noteCount)
        session.id = facts.id
        session.start = facts.start
        session.source = facts.source
        var takeIndex = 0
        for stepIndex in steps.indices {
            let stepMetrics = analysis.steps.indices.contains(stepIndex) ? analysis.steps[stepIndex] : nil
            steps[stepIndex].activity = stepMetrics?.activity
            steps[stepIndex].templateStep = stepMetrics?.templateStep
            for index in steps[stepIndex].takes.indices {
                defer { takeIndex += 1 }
                guard analysis.takeDetails.indices.contains(takeIndex) else { continue }
                let details = analysis.takeDetails[takeIndex]
                steps[stepIndex].takes[index].number = details.number
                steps[stepIndex].takes[index].clean = details.clean
                steps[stepIndex].takes[index].errors = details.errors
                steps[stepIndex].takes[index].notJudged = details.notJudged
                steps[stepIndex].takes[index].tempo = details.tempo
                steps[stepIndex].takes[index].hand = details.hand
                steps[stepIndex].takes[index].hesitations = details.hesitations
                steps[stepIndex].takes[index].restartWithoutPause = details.restartWithoutPause
                steps[stepIndex].takes[index].gapBefore = details.gapBefore
                steps[stepIndex].takes[index].reference = details.isReference
                steps[stepIndex].takes[index].errorPlaces = details.errorPlaces
                steps[stepIndex].takes[index].errorMarks = details.errorMarks
            }
        }
        for (index, material) in materials.enumerated() {
            guard let found = analysis.materials.first(where: { $0.id == material.id }) else { continue }
            materials[index].time = found.time
            materials[index].steps = found.steps
            materials[index].takes = found.takes
            materials[index].passages = found.passages
            materials[index].firstStart = found.firstStart
            materials[index].bestPace = found.bestPace
            materials[index].barErrors = found.barErrors
            materials[index].barsNeedingWork = found.barsNeedingWork
            materials[index].markedTempo = found.markedTempo
        }
        metrics.time = analysis.time
        // The session's length and playing time are the analyzer's, computed from the notes as
        // the library computes its `durationNs` and `activeNs`: one number everywhere.
        session.duration = analysis.time.total
        session.activeTime = analysis.time.active
        metrics.focus = analysis.focus
        // One number everywhere: the analyzer's, which does not count blips of free play
        // between takes of one material as switches.
        metrics.contextSwitches = analysis.focus.contextSwitches
        metrics.takeTotals = analysis.takes
        metrics.process = analysis.process
        passages = analysis.passages.map { passage in
            var passage = passage
            passage.bars = segmentation.passageBars[passage.id]
            return passage
        }
        tags = analysis.tags
        analyzer = Analyzer(
            version: WorkflowAnalyzer.version,
            segmenter: PracticeSegmenter.version,
            woodshed: woodshedVersion
        )
    }

    /// Every take with its step, in time order.
    public var allTakes: [(step: Step, take: Take)] {
        steps.flatMap { step in step.takes.map { (step, $0) } }
    }

    /// The material's display name for an id ("piece 1" for "m1"), or the id itself.
    public func materialName(_ id: String?) -> String {
        guard let id else { return "—" }
        return materials.first { $0.id == id }?.name ?? id
    }
}

extension PracticeReport {
    /// Shows the library's pieces as they are now: each material with a library id takes the
    /// id and name `lookup` gives (a renamed piece's new name, a merged piece's survivor), and
    /// its steps take the name as their label. A stored report keeps the names of when it was
    /// made; front ends call this when they show it. O(materials + steps).
    public mutating func usePieceNames(_ lookup: (Int64) -> (piece: Int64, name: String)?) {
        var names: [String: String] = [:]
        for index in materials.indices {
            guard let id = materials[index].libraryID, let now = lookup(id) else { continue }
            materials[index].libraryID = now.piece
            if !now.name.isEmpty {
                materials[index].name = now.name
                names[materials[index].id] = now.name
            }
        }
        for index in steps.indices where steps[index].kind == .repertoire {
            if let name = steps[index].material.flatMap({ names[$0] }) { steps[index].label = name }
        }
    }
}
