public import PracticeAnalyzer

extension PracticeReport {
    /// What this session brings to the trends, played on `date`. O(materials · passages).
    public func outcome(on date: CivilDate) -> SessionOutcome {
        SessionOutcome(
            date: date,
            playing: session.activeTime,
            technique: metrics.time?.technique,
            takes: metrics.takes,
            takeTotals: metrics.takeTotals,
            contextSwitches: metrics.contextSwitches,
            materials: materials.map { material in
                SessionOutcome.Material(
                    libraryID: material.libraryID,
                    name: material.name,
                    kind: material.kind,
                    time: material.time,
                    takes: material.takes,
                    takesToFirstClean: (passages ?? []).filter { $0.material == material.id }
                        .compactMap(\.takesToFirstClean),
                    bestPace: material.bestPace
                )
            }
        )
    }
}

extension PracticeStats {
    /// The trends of stored reports, each with its session's local start day.
    public init(sessions: [(date: CivilDate, report: PracticeReport)], from: CivilDate, to: CivilDate) {
        self.init(sessions: sessions.map { $0.report.outcome(on: $0.date) }, from: from, to: to)
    }
}
