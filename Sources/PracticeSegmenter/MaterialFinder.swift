/// Groups phrases into materials (pieces or exercises played more than once) and aligns every
/// phrase of a material to the material's assembled reference.
struct MaterialFinder {
    let configuration: SegmenterConfiguration

    struct Material {
        /// Session event indices forming the reference, in musical order.
        var reference: [Int]
        /// Phrases of this material, in time order.
        var phrases: [Int]
        /// Alignment of each of those phrases (same order).
        var alignments: [JumpAligner.Result]
    }

    func find(events: [OnsetEvent], phrases: [Phrase]) -> [Material] {
        var phraseOfEvent = [Int32](repeating: 0, count: events.count)
        for (index, phrase) in phrases.enumerated() {
            for event in phrase.events { phraseOfEvent[event] = Int32(index) }
        }
        let index = SeedIndex(events: events, phrases: phrases, length: configuration.seedLength)
        let counts = index.sharedSeedCounts(
            events: events, phrases: phrases, phraseOfEvent: phraseOfEvent,
            maxOccurrences: configuration.maxSeedOccurrences)
        var sets = UnionFind(count: phrases.count)
        var repeatsItself = [Bool](repeating: false, count: phrases.count)
        for (pair, count) in counts {
            let shorter = min(phrases[pair.a].events.count, phrases[pair.b].events.count)
            let needed = max(
                Double(configuration.minSharedSeeds), configuration.minSharedSeedFraction * Double(shorter))
            guard Double(count) >= needed else { continue }
            if pair.a == pair.b { repeatsItself[pair.a] = true } else { sets.union(pair.a, pair.b) }
        }
        var components: [Int: [Int]] = [:]
        for phrase in phrases.indices { components[sets.find(phrase), default: []].append(phrase) }

        let assembler = ReferenceAssembler(configuration: configuration)
        var references: [ReferenceAssembler.Reference] = []
        for root in components.keys.sorted() {
            var remaining = components[root]!
            while !remaining.isEmpty {
                if remaining.count == 1 && !repeatsItself[remaining[0]] { break }
                let reference = assembler.assemble(phrases: remaining, allPhrases: phrases, events: events)
                let used = Set(reference.phrases)
                remaining.removeAll { used.contains($0) }
                if used.count >= 2 || repeatsItself[reference.phrases[0]] { references.append(reference) }
            }
        }
        return assignPhrases(references: references, events: events, phrases: phrases)
    }

    /// Aligns every phrase of at least three events to every reference and keeps the best
    /// accepted one: this also brings in phrases whose seeds were too few (short tries,
    /// hands-separate takes).
    private func assignPhrases(
        references: [ReferenceAssembler.Reference],
        events: [OnsetEvent],
        phrases: [Phrase]
    ) -> [Material] {
        let aligner = JumpAligner(configuration: configuration)
        let assembler = ReferenceAssembler(configuration: configuration)
        let referenceSets = references.map { $0.events.map { events[$0].pitches } }
        var materials = references.map { Material(reference: $0.events, phrases: [], alignments: []) }
        let home = Dictionary(
            references.enumerated().flatMap { index, ref in ref.phrases.map { ($0, index) } },
            uniquingKeysWith: { a, _ in a })
        for (phraseIndex, phrase) in phrases.enumerated() where phrase.events.count >= 3 {
            let played = phrase.events.map { events[$0].pitches }
            var best: (material: Int, result: JumpAligner.Result)?
            let candidates = home[phraseIndex].map { [$0] } ?? Array(references.indices)
            for material in candidates {
                let result = aligner.align(played, to: referenceSets[material])
                guard assembler.accepts(result, count: played.count) else { continue }
                if best == nil || result.score > best!.result.score { best = (material, result) }
            }
            if let best {
                materials[best.material].phrases.append(phraseIndex)
                materials[best.material].alignments.append(best.result)
            }
        }
        return materials.filter { !$0.phrases.isEmpty }
    }
}
