import PracticeSegmenter

extension PassageAssessment {
    /// The assessments of many passages against their own consensus (nil where `passages` has
    /// nil), computed on every core (``ConcurrentMap``): the passages share nothing, so each is
    /// exactly what it is computed alone, and they come back in the order given. The largest go
    /// first (a passage of k takes of n keys costs about k·n² alignment cells) so that no core
    /// is left with a large one at the end. On a session of many passages this is most of the
    /// analyzer's time.
    static func assessments(
        of passages: [[TakeInput]?],
        configuration: AnalyzerConfiguration
    ) -> [PassageAssessment?] {
        let costs = passages.map { takes in
            let counts = (takes ?? []).map(\.sequence.count)
            return counts.reduce(0, +) * (counts.max() ?? 0)
        }
        return ConcurrentMap.map(costs: costs) { index in
            passages[index].map { PassageAssessment($0, configuration: configuration) }
        }
    }
}
