import MIDICore
import PracticeSegmenter

/// How the takes of one passage compare with its best rendition: errors, cleanliness, tempo.
///
/// Without a reference score the best rendition is built from the takes themselves: the most
/// typical of the longest complete takes (the medoid), corrected where most other takes agree
/// on something else (a consensus, ``PassageReference``), so that a wrong note in the medoid is
/// not taken for the music. Every take is aligned against that consensus for its tempo, and
/// judged (``NoteJudgement``) where the consensus can be trusted.
struct PassageAssessment: Sendable {
    /// One entry per take, in the order given.
    var takes: [Assessment]
    /// Keys in the consensus.
    var referenceNotes: Int
    /// Index (into the takes given) of the take the consensus was built around.
    var referenceTake: Int
    /// The consensus the takes were judged against.
    var reference: PassageReference

    struct Assessment: Sendable {
        /// Whether and how its notes were judged, and where its errors are; nil when it could
        /// not be aligned at all.
        var judgement: NoteJudgement?
        /// Tempo against the consensus (1 = same speed, 2 = twice as fast); nil when unknown.
        var tempo: Double?
        var hand: String?
        var hesitations = 0
        /// Matched chord onsets, for the hesitation count.
        var timing: TakeTiming?
        /// Against a score: the score event of each of the judgement's mistakes, and of every
        /// key of the stretch of the score the take's alignment spans.
        var mistakeEvents: [Int] = []
        var spanEvents: [Int] = []

        /// The take's errors when it was judged.
        var errors: NoteErrors? {
            if case .judged(let errors) = judgement?.outcome { return errors }
            return nil
        }
    }

    /// One take as the assessment needs it.
    struct TakeInput: Sendable {
        var sequence: KeySequence
        var complete: Bool
        /// Position span in the material (to − from).
        var span: Double
    }

    /// O(c·k·n²) for k takes of n keys and at most 4 medoid candidates c. Each take is aligned
    /// to the medoid once: the medoid's own choice already aligned every other take to it, and
    /// a consensus equal to the medoid reuses those alignments for the errors.
    init(_ inputs: [TakeInput], configuration: AnalyzerConfiguration) {
        let cells = configuration.maximumAlignmentCells
        let choice = Self.chooseReference(inputs, maximumCells: cells)
        referenceTake = choice.index
        let medoid = inputs[referenceTake].sequence
        // The medoid's alignment to itself casts no vote; the others may come with the choice.
        let toMedoid =
            choice.alignments
            ?? inputs.indices.map { index in
                index == choice.index
                    ? nil : KeyAlignment.align(inputs[index].sequence.keys, to: medoid.keys, maximumCells: cells)
            }
        let reference = PassageReference(
            consensusOf: medoid,
            takes: inputs.map(\.sequence),
            alignments: toMedoid,
            referenceIndex: referenceTake,
            agreement: configuration.agreeingTakes
        )
        self.reference = reference
        referenceNotes = reference.sequence.count
        let unchanged = reference.sequence.keys == medoid.keys
        takes = inputs.indices.map { index in
            Self.assess(
                inputs[index].sequence,
                against: reference,
                aligned: unchanged && index != choice.index ? .some(toMedoid[index]) : nil,
                configuration: configuration
            )
        }
        let usual = Self.usualIntervals(takes, consensus: reference.sequence)
        for index in takes.indices {
            takes[index].hesitations =
                takes[index].timing?.hesitations(
                    usual: usual,
                    factor: configuration.hesitationFactor,
                    minimum: configuration.hesitationMinimum
                ) ?? 0
        }
    }

    /// The medoid among the longest, fullest complete takes (all takes when none is complete),
    /// with every take's alignment to it (nil for itself) when choosing it took them.
    static func chooseReference(
        _ inputs: [TakeInput],
        maximumCells: Int
    ) -> (index: Int, alignments: [KeyAlignment?]?) {
        let complete = inputs.indices.filter { inputs[$0].complete }
        var candidates = complete.isEmpty ? Array(inputs.indices) : complete
        let longest = candidates.map { inputs[$0].span }.max() ?? 0
        candidates = candidates.filter { inputs[$0].span >= 0.9 * longest }
        // A take of one hand covers the same span in a far narrower register; it is not the
        // music. (The register — from its lowest tenth of keys to its highest — not the keys: a
        // take that plays a figure twice, or goes on into the next section, has more keys and
        // is not more the music for it, and a stray key does not widen it.)
        let registers = candidates.map { candidate in
            let keys = inputs[candidate].sequence.keys.sorted()
            return keys.isEmpty ? 0 : Int(keys[keys.count * 9 / 10]) - Int(keys[keys.count / 10])
        }
        let widest = registers.max() ?? 0
        candidates = zip(candidates, registers).filter { Double($0.1) >= 0.7 * Double(widest) }.map(\.0)
        candidates = Array(candidates.sorted { inputs[$0].sequence.count > inputs[$1].sequence.count }.prefix(4))
        guard candidates.count > 1 else { return (candidates.first ?? 0, nil) }
        var best = (index: candidates[0], alignments: [KeyAlignment?]?.none)
        var bestCost = Int.max
        for candidate in candidates.sorted() {
            var cost = 0
            var alignments = [KeyAlignment?](repeating: nil, count: inputs.count)
            for other in inputs.indices where other != candidate {
                let alignment = KeyAlignment.align(
                    inputs[other].sequence.keys,
                    to: inputs[candidate].sequence.keys,
                    maximumCells: maximumCells
                )
                alignments[other] = alignment
                cost += alignment?.errors.total ?? inputs[other].sequence.count
                // A complete take leaving part of the candidate unplayed differs from it there: a
                // candidate that plays a figure once more than the others is not their music.
                if let alignment, inputs[other].complete {
                    cost += inputs[candidate].sequence.count - alignment.referenceSpan.count
                }
                // Costs only grow: past the best so far, this candidate can no longer win (a tie
                // still could, so only a larger cost stops), and its alignments are not kept.
                if cost > bestCost { break }
            }
            // Ties go to the later take: players usually get better.
            if cost <= bestCost {
                best = (candidate, alignments)
                bestCost = cost
            }
        }
        return best
    }

    /// How long each interval between consecutive consensus chords usually lasts at the
    /// reference tempo: the lower median over the takes that play both chords, each scaled by
    /// its tempo. Lower, because a hesitation only ever lengthens an interval — with two takes
    /// the shorter one is the music. Keyed by the onset of the interval's first chord.
    static func usualIntervals(_ takes: [Assessment], consensus: KeySequence) -> [Int64: UsualInterval] {
        var chordTimes: [Int64] = []
        for time in consensus.times where chordTimes.last != time { chordTimes.append(time) }
        var next: [Int64: Int64] = [:]
        for (time, following) in zip(chordTimes, chordTimes.dropFirst()) { next[time] = following }
        var samples: [Int64: [Int64]] = [:]
        for take in takes {
            guard let timing = take.timing, let tempo = timing.tempo, tempo > 0 else { continue }
            for (first, second) in zip(timing.pairs, timing.pairs.dropFirst())
            where next[first.reference] == second.reference {
                samples[first.reference, default: []].append(
                    Int64(saturating: Double(second.take - first.take) * tempo)
                )
            }
        }
        var usual: [Int64: UsualInterval] = [:]
        for (time, values) in samples {
            usual[time] = UsualInterval(end: next[time]!, length: values.sorted()[(values.count - 1) / 2])
        }
        return usual
    }

    /// Errors, tempo and hand of one take against the passage's reference — the consensus, or
    /// a score's (``PassageReference/init(score:)``). O(n·m).
    /// - Parameter aligned: the take's alignment to `reference` when already known (nil inside
    ///   when it was too large to compute).
    static func assess(
        _ take: KeySequence,
        against reference: PassageReference,
        aligned: KeyAlignment?? = nil,
        configuration: AnalyzerConfiguration
    )
        -> Assessment
    {
        let cells = configuration.maximumAlignmentCells
        guard
            var alignment = aligned ?? KeyAlignment.align(take.keys, to: reference.sequence.keys, maximumCells: cells),
            !alignment.matches.isEmpty
        else { return Assessment() }
        var used = reference
        var hand: String?
        // The keys it skipped lie below (or above) everything it played, or, when it matched too
        // little to tell, all it played lies above (or below) the middle of the reference: one
        // hand's part. Compare it with that hand's part of the reference — the keys within the
        // take's register.
        if let low = take.keys.min(), let high = take.keys.max() {
            let keys = reference.sequence.keys
            let missing = alignment.deletions.map { keys[$0] }
            let below = missing.filter { $0 < low }.count
            let above = missing.filter { $0 > high }.count
            var side: String?
            if missing.count >= 3 {
                side = below * 5 >= missing.count * 4 ? "right" : above * 5 >= missing.count * 4 ? "left" : nil
            } else if alignment.matches.count * 2 < take.count {
                let middle = keys.sorted()[keys.count / 2]
                side = low > middle ? "right" : high < middle ? "left" : nil
            }
            if let side {
                let indices = keys.indices.filter {
                    side == "right" ? Int(keys[$0]) >= Int(low) - 2 : Int(keys[$0]) <= Int(high) + 2
                }
                let part = reference.subsequence(indices)
                if let partAlignment = KeyAlignment.align(take.keys, to: part.sequence.keys, maximumCells: cells),
                    partAlignment.errors.total * 2 <= alignment.errors.total
                {
                    hand = side
                    alignment = partAlignment
                    used = part
                }
            }
        }
        let judgement = NoteJudgement(
            take,
            against: used.sequence,
            trusted: used.trusted,
            alignment: alignment,
            hand: hand,
            limits: configuration.judgementLimits
        )
        let timing = TakeTiming(alignment.matches.map { (take.times[$0.take], used.sequence.times[$0.reference]) })
        var assessment = Assessment(judgement: judgement, tempo: timing.tempo, hand: hand, timing: timing)
        if let events = used.events {
            assessment.spanEvents = Array(events[alignment.referenceSpan])
            assessment.mistakeEvents = judgement.mistakes.map { events[$0.referenceIndex] }
        }
        return assessment
    }
}
