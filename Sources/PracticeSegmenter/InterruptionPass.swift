/// A few short phrases between two phrases of one piece are that piece, unless it plays another
/// material unmistakably: a few notes that happen to fit somewhere in a long reference of
/// another piece are a slip, a try or an unaligned bit of the piece being worked on, not a
/// switch of context and back.
///
/// Short is fewer than `maximumInterruptionEvents` events in all (one or a few phrases); "unmistakably" is at least
/// `minimumSolidMatchEvents` events with 80 % of them matched and a score of 0.8 per event.
/// O(P).
struct InterruptionPass {
    let configuration: SegmenterConfiguration

    func apply(labels: inout [PhraseLabel], alignments: [Int: JumpAligner.Result], phrases: [Phrase]) {
        var index = 1
        while index < phrases.count - 1 {
            guard case .material(let around) = labels[index - 1], labels[index] != .material(around) else {
                index += 1
                continue
            }
            // The phrases up to the next one of the same material, if they are few and short.
            var end = index
            var count = 0
            while end < phrases.count, labels[end] != .material(around), labels[end] != .technique,
                count < configuration.maximumInterruptionEvents
            {
                count += phrases[end].events.count
                end += 1
            }
            let interrupts =
                end < phrases.count && labels[end] == .material(around)
                && count < configuration.maximumInterruptionEvents
                && (index...end).allSatisfy { phrases[$0].start - phrases[$0 - 1].end < configuration.breakGap }
                && !(index..<end).contains { phrase in
                    guard case .material = labels[phrase], let alignment = alignments[phrase] else { return false }
                    return isSolid(alignment, count: phrases[phrase].events.count)
                }
            if interrupts {
                for phrase in index..<end { labels[phrase] = .material(around) }
            }
            index = max(index + 1, end)
        }
    }

    private func isSolid(_ alignment: JumpAligner.Result, count: Int) -> Bool {
        count >= configuration.minimumSolidMatchEvents
            && Double(alignment.matched) >= configuration.solidMatchedShare * Double(count)
            && alignment.score >= configuration.solidMatchScore * Double(count)
    }
}
