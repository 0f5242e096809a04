import MIDICore
import PracticeSegmenter

/// How the takes of one passage compare with its best rendition: errors, cleanliness, tempo.
///
/// Without a reference score the best rendition is built from the takes themselves: the most
/// typical of the longest complete takes (the medoid), corrected where most other takes agree
/// on something else (a consensus), so that a wrong note in the medoid is not taken for the
/// music. Every take is then aligned against that consensus.
struct PassageAssessment: Sendable {
    /// One entry per take, in the order given.
    var takes: [Assessment]
    /// Keys in the consensus.
    var referenceNotes: Int
    /// Index (into the takes given) of the take the consensus was built around.
    var referenceTake: Int

    struct Assessment: Sendable {
        var errors: NoteErrors?
        /// Tempo against the consensus (1 = same speed, 2 = twice as fast); nil when unknown.
        var tempo: Double?
        var hand: String?
        var hesitations = 0
        /// Matched chord onsets, for the hesitation count.
        var timing: TakeTiming?
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
        let consensus = Self.consensus(
            medoid,
            takes: inputs.map(\.sequence),
            alignments: toMedoid,
            referenceIndex: referenceTake
        )
        referenceNotes = consensus.count
        let unchanged = consensus.keys == medoid.keys
        takes = inputs.indices.map { index in
            Self.assess(
                inputs[index].sequence,
                against: consensus,
                aligned: unchanged && index != choice.index ? .some(toMedoid[index]) : nil,
                configuration: configuration
            )
        }
        let usual = Self.usualIntervals(takes, consensus: consensus)
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
        // A take of one hand covers the same span with far fewer keys; it is not the music.
        let fullest = candidates.map { inputs[$0].sequence.count }.max() ?? 0
        candidates = candidates.filter { Double(inputs[$0].sequence.count) >= 0.7 * Double(fullest) }
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
            }
            // Ties go to the later take: players usually get better.
            if cost <= bestCost {
                best = (candidate, alignments)
                bestCost = cost
            }
        }
        return best
    }

    /// The medoid with each key replaced, dropped or preceded by another where a strict
    /// majority of the takes covering it (the medoid included) says so. Takes that skip a
    /// third of what they cover (one hand alone) do not vote.
    static func consensus(
        _ medoid: KeySequence,
        takes: [KeySequence],
        alignments: [KeyAlignment?],
        referenceIndex: Int
    ) -> KeySequence {
        let count = medoid.count
        var keyVotes = [[UInt8?: Int]](repeating: [:], count: count)
        var voters = [Int](repeating: 1, count: count)
        var insertVotes = [[UInt8: Int]](repeating: [:], count: count)
        var insertVoters = [Int](repeating: 1, count: count)
        for position in 0..<count { keyVotes[position][medoid.keys[position]] = 1 }
        for (index, alignment) in alignments.enumerated() where index != referenceIndex {
            guard let alignment, !alignment.referenceSpan.isEmpty,
                alignment.deletions.count * 3 < alignment.referenceSpan.count
            else { continue }
            for position in alignment.referenceSpan { voters[position] += 1 }
            for position in alignment.referenceSpan.dropLast() { insertVoters[position] += 1 }
            for pair in alignment.matches { keyVotes[pair.reference][medoid.keys[pair.reference], default: 0] += 1 }
            for pair in alignment.substitutions {
                keyVotes[pair.reference][takes[index].keys[pair.take], default: 0] += 1
            }
            for position in alignment.deletions { keyVotes[position][UInt8?.none, default: 0] += 1 }
            // One vote per take for each key it adds after a position.
            var inserted: Set<Int> = []
            for pair in alignment.insertions where alignment.referenceSpan.dropLast().contains(pair.reference) {
                let key = takes[index].keys[pair.take]
                if inserted.insert(pair.reference << 8 | Int(key)).inserted {
                    insertVotes[pair.reference][key, default: 0] += 1
                }
            }
        }
        var keys: [UInt8] = []
        var times: [Int64] = []
        for position in 0..<count {
            var winner: UInt8? = medoid.keys[position]
            if let (key, votes) = keyVotes[position].max(by: { $0.value < $1.value }), votes * 2 > voters[position] {
                winner = key
            }
            if let winner {
                keys.append(winner)
                times.append(medoid.times[position])
            }
            for (key, votes) in insertVotes[position].sorted(by: { $0.key < $1.key })
            where votes * 2 > insertVoters[position] {
                keys.append(key)
                times.append(medoid.times[position])
            }
        }
        return KeySequence(keys: keys, times: times)
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
                samples[first.reference, default: []].append(Int64(Double(second.take - first.take) * tempo))
            }
        }
        var usual: [Int64: UsualInterval] = [:]
        for (time, values) in samples {
            usual[time] = UsualInterval(end: next[time]!, length: values.sorted()[(values.count - 1) / 2])
        }
        return usual
    }

    /// Errors, tempo and hand of one take against the consensus.
    /// - Parameter aligned: the take's alignment to `reference` when already known (nil inside
    ///   when it was too large to compute).
    static func assess(
        _ take: KeySequence,
        against reference: KeySequence,
        aligned: KeyAlignment?? = nil,
        configuration: AnalyzerConfiguration
    )
        -> Assessment
    {
        let cells = configuration.maximumAlignmentCells
        guard var alignment = aligned ?? KeyAlignment.align(take.keys, to: reference.keys, maximumCells: cells),
            !alignment.matches.isEmpty
        else { return Assessment() }
        var used = reference
        var hand: String?
        // The keys it skipped lie below (or above) everything it played: one hand's part. Compare
        // it with that hand's part of the reference — the keys within the take's register.
        if alignment.deletions.count >= 3, let low = take.keys.min(), let high = take.keys.max() {
            let missing = alignment.deletions.map { reference.keys[$0] }
            let below = missing.filter { $0 < low }.count
            let above = missing.filter { $0 > high }.count
            let side: String? = below * 5 >= missing.count * 4 ? "right" : above * 5 >= missing.count * 4 ? "left" : nil
            if let side {
                let indices = reference.keys.indices.filter {
                    side == "right" ? Int(reference.keys[$0]) >= Int(low) - 2 : Int(reference.keys[$0]) <= Int(high) + 2
                }
                let part = KeySequence(
                    keys: indices.map { reference.keys[$0] },
                    times: indices.map { reference.times[$0] }
                )
                if let partAlignment = KeyAlignment.align(take.keys, to: part.keys, maximumCells: cells),
                    partAlignment.errors.total * 2 <= alignment.errors.total
                {
                    hand = side
                    alignment = partAlignment
                    used = part
                }
            }
        }
        let timing = TakeTiming(alignment.matches.map { (take.times[$0.take], used.times[$0.reference]) })
        return Assessment(errors: alignment.errors, tempo: timing.tempo, hand: hand, timing: timing)
    }
}
