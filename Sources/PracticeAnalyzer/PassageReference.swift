/// What the takes of a passage are judged against: its keys in order, and which of them are
/// trustworthy. A score is trustworthy everywhere; a reference built from the takes themselves
/// only where several takes agree on it.
struct PassageReference: Sendable {
    var sequence: KeySequence
    /// One flag per key: the reference can be trusted here.
    var trusted: [Bool]
    /// For a score's keys, the score event of each (``ScoreReference``); nil for a consensus.
    var events: [Int]?

    /// A reference every key of which is trusted: a score.
    init(score sequence: KeySequence) {
        self.sequence = sequence
        trusted = [Bool](repeating: true, count: sequence.count)
    }

    init(sequence: KeySequence, trusted: [Bool], events: [Int]? = nil) {
        self.sequence = sequence
        self.trusted = trusted
        self.events = events
    }

    /// The keys at `indices`, in order, with their trust and score events.
    func subsequence(_ indices: [Int]) -> PassageReference {
        PassageReference(
            sequence: sequence.subsequence(indices),
            trusted: indices.map { trusted[$0] },
            events: events.map { events in indices.map { events[$0] } }
        )
    }

    /// The consensus of a passage's takes: the medoid with each key replaced, dropped or
    /// preceded by another where a strict majority of the takes covering it (the medoid
    /// included) says so. Takes that skip a third of what they cover (one hand alone) only
    /// confirm the keys they played as the medoid has them. A key is trusted when at least `agreement` takes cover it and a strict majority of
    /// them, two at least, play it as the consensus has it: with two takes nothing is trusted,
    /// since either may be the one that is wrong.
    /// - Complexity: O(k·n) for k takes of n keys, given their alignments onto the medoid.
    init(
        consensusOf medoid: KeySequence,
        takes: [KeySequence],
        alignments: [KeyAlignment?],
        referenceIndex: Int,
        agreement: Int
    ) {
        let count = medoid.count
        var keyVotes = [[UInt8?: Int]](repeating: [:], count: count)
        var voters = [Int](repeating: 1, count: count)
        var insertVotes = [[UInt8: Int]](repeating: [:], count: count)
        var insertVoters = [Int](repeating: 1, count: count)
        for position in 0..<count { keyVotes[position][medoid.keys[position]] = 1 }
        for (index, alignment) in alignments.enumerated() where index != referenceIndex {
            guard let alignment, !alignment.referenceSpan.isEmpty else { continue }
            guard alignment.deletions.count * 3 < alignment.referenceSpan.count else {
                // One hand alone agrees (or not) on the keys it played, and says nothing of the rest.
                for pair in alignment.matches {
                    voters[pair.reference] += 1
                    keyVotes[pair.reference][medoid.keys[pair.reference], default: 0] += 1
                }
                continue
            }
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
        var optional: [Bool] = []
        var trusted: [Bool] = []
        for position in 0..<count {
            var winner: UInt8? = medoid.keys[position]
            var votes = keyVotes[position][winner] ?? 0
            if let (key, most) = keyVotes[position].max(by: { $0.value < $1.value }), most * 2 > voters[position] {
                winner = key
                votes = most
            }
            if let winner {
                keys.append(winner)
                times.append(medoid.times[position])
                optional.append(winner == medoid.keys[position] && medoid.optional[position])
                trusted.append(voters[position] >= agreement && votes >= 2 && votes * 2 > voters[position])
            }
            for (key, votes) in insertVotes[position].sorted(by: { $0.key < $1.key })
            where votes * 2 > insertVoters[position] {
                keys.append(key)
                times.append(medoid.times[position])
                optional.append(false)
                trusted.append(insertVoters[position] >= agreement && votes >= 2)
            }
        }
        sequence = KeySequence(keys: keys, times: times, optional: optional)
        self.trusted = trusted
    }
}
