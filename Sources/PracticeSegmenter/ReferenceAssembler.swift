/// Builds one material's reference sequence from its phrases, like assembling reads: start from
/// the longest phrase, align the others to it, and grow the reference by the unaligned beginning
/// or end of a phrase that overlaps its edge (a passage practised before or after the part
/// already known). Phrases that never overlap stay out.
///
/// O(P · n · L) for P phrases of about n events and a reference of L events.
struct ReferenceAssembler {
    let configuration: SegmenterConfiguration
    /// Unaligned events at a phrase's edge needed before they extend the reference.
    var minimumExtension = 4
    /// How close (reference events) to the reference's edge an overlap must reach to extend it.
    var edgeReach = 6

    struct Reference {
        /// Event indices (into the session's events) that make up the reference, in order.
        var events: [Int]
        /// Phrases (indices) that aligned to it while it was built.
        var phrases: [Int]
    }

    func accepts(_ result: JumpAligner.Result, count: Int) -> Bool {
        result.matched >= 3 && Double(result.matched) >= 0.5 * Double(count)
            && result.score >= 0.35 * Double(count)
    }

    func assemble(phrases: [Int], allPhrases: [Phrase], events: [OnsetEvent]) -> Reference {
        let ordered = phrases.sorted {
            let a = allPhrases[$0].events.count
            let b = allPhrases[$1].events.count
            return a != b ? a > b : $0 < $1
        }
        var reference = Array(allPhrases[ordered[0]].events)
        var used = [ordered[0]]
        var pending = Array(ordered.dropFirst())
        let aligner = JumpAligner(configuration: configuration)
        var progress = true
        while progress && !pending.isEmpty {
            progress = false
            var stillPending: [Int] = []
            for phraseIndex in pending {
                let range = allPhrases[phraseIndex].events
                let played = range.map { events[$0].pitches }
                let result = aligner.align(played, to: reference.map { events[$0].pitches })
                guard accepts(result, count: played.count) else {
                    stillPending.append(phraseIndex)
                    continue
                }
                used.append(phraseIndex)
                progress = true
                let matchedIndices = result.steps.indices.filter { result.steps[$0].position != nil }
                guard let first = matchedIndices.first, let last = matchedIndices.last else { continue }
                let firstPosition = result.steps[first].position!
                let lastPosition = result.steps[last].position!
                let tailCount = played.count - 1 - last
                if tailCount >= minimumExtension && lastPosition >= reference.count - 1 - edgeReach {
                    reference.append(contentsOf: range[(range.lowerBound + last + 1)...])
                }
                if first >= minimumExtension && firstPosition <= edgeReach {
                    reference.insert(contentsOf: range[range.lowerBound..<(range.lowerBound + first)], at: 0)
                }
            }
            pending = stillPending
        }
        return Reference(events: reference, phrases: used)
    }
}
