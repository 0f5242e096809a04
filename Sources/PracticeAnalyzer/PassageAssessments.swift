import Dispatch
import Synchronization

extension PassageAssessment {
    /// The assessments of many passages against their own consensus (nil where `passages` has
    /// nil), computed on every core: the passages share nothing, so each is exactly what it is
    /// computed alone, and they come back in the order given. The largest go first (a passage
    /// of k takes of n keys costs about k·n² alignment cells) so that no core is left with a
    /// large one at the end. On a session of many passages this is most of the analyzer's time.
    static func assessments(
        of passages: [[TakeInput]?],
        configuration: AnalyzerConfiguration
    ) -> [PassageAssessment?] {
        let work = passages.indices.filter { passages[$0] != nil }
        guard work.count > 1 else {
            return passages.map { $0.map { PassageAssessment($0, configuration: configuration) } }
        }
        let costs = passages.map { takes in
            let counts = (takes ?? []).map(\.sequence.count)
            return counts.reduce(0, +) * (counts.max() ?? 0)
        }
        let order = work.sorted { costs[$0] > costs[$1] }
        let results = Mutex([PassageAssessment?](repeating: nil, count: passages.count))
        DispatchQueue.concurrentPerform(iterations: order.count) { position in
            let index = order[position]
            let assessment = PassageAssessment(passages[index]!, configuration: configuration)
            results.withLock { $0[index] = assessment }
        }
        return results.withLock { $0 }
    }
}
