import Synchronization

/// Groups phrases into materials (pieces or exercises played more than once) and aligns every
/// phrase of a material to the material's assembled reference.
struct MaterialFinder {
    let configuration: SegmenterConfiguration
    var trace: ((String) -> Void)?
    private let cache = AlignmentCache()

    init(configuration: SegmenterConfiguration, trace: ((String) -> Void)? = nil) {
        self.configuration = configuration
        self.trace = trace
    }

    struct Material {
        /// Session event indices forming the reference, in musical order.
        var reference: [Int]
        /// Phrases of this material, in time order.
        var phrases: [Int]
        /// Alignment of each of those phrases (same order).
        var alignments: [JumpAligner.Result]
        /// True for a repeated exercise (its phrases are shaped like technique).
        var isTechnique: Bool
        /// True for a piece found as a long stretch played once (see ``PlayedThroughPass``).
        var isPlayedThrough = false
    }

    /// - Parameter isTechnique: per phrase, whether it is shaped like an exercise; exercises and
    ///   other playing never share a material (scales inside pieces would otherwise glue a
    ///   warm-up to a piece).
    func find(events: [OnsetEvent], phrases: [Phrase], isTechnique: [Bool]) -> [Material] {
        var phraseOfEvent = [Int32](repeating: 0, count: events.count)
        for (index, phrase) in phrases.enumerated() {
            for event in phrase.events { phraseOfEvent[event] = Int32(index) }
        }
        let index = SeedIndex(events: events, phrases: phrases, length: configuration.seedLength)
        let counts = index.sharedSeedCounts(
            events: events,
            phrases: phrases,
            phraseOfEvent: phraseOfEvent,
            maxOccurrences: configuration.maxSeedOccurrences
        )
        var sets = UnionFind(count: phrases.count)
        var repeatsItself = [Bool](repeating: false, count: phrases.count)
        for (pair, count) in counts {
            let shorter = min(phrases[pair.a].events.count, phrases[pair.b].events.count)
            let needed = max(
                Double(configuration.minSharedSeeds),
                configuration.minSharedSeedFraction * Double(shorter)
            )
            guard Double(count) >= needed, isTechnique[pair.a] == isTechnique[pair.b] else { continue }
            if pair.a == pair.b { repeatsItself[pair.a] = true } else { sets.union(pair.a, pair.b) }
        }
        var components: [Int: [Int]] = [:]
        for phrase in phrases.indices { components[sets.find(phrase), default: []].append(phrase) }

        // Each component's references are assembled from its own phrases only: all components
        // at once, on every core, their trace lines kept in component order.
        let roots = components.keys.sorted()
        let tracing = trace != nil
        let assembled = ConcurrentMap.map(costs: roots.map { components[$0]!.count }) {
            [configuration, components, repeatsItself] index in
            let root = roots[index]
            let lines = LineCollector()
            var assembler = ReferenceAssembler(configuration: configuration)
            if tracing { assembler.trace = { lines.append($0) } }
            var references: [ReferenceAssembler.Reference] = []
            var remaining = components[root]!
            while !remaining.isEmpty {
                if remaining.count == 1 && !repeatsItself[remaining[0]] { break }
                let reference = assembler.assemble(phrases: remaining, allPhrases: phrases, events: events)
                let used = Set(reference.phrases)
                remaining.removeAll { used.contains($0) }
                assembler.trace?(
                    "component \(root): reference \(reference.events.count) events from phrases \(reference.phrases)"
                )
                // One phrase alone is worked on only when it starts over inside (a restart
                // without a pause); music that repeats a figure, played once, is not.
                if used.count >= 2
                    || (repeatsItself[reference.phrases[0]]
                        && assembler.restart(events: events, range: phrases[reference.phrases[0]].events) != nil)
                {
                    references.append(reference)
                }
            }
            return (references: references, trace: lines.lines)
        }
        for line in assembled.flatMap(\.trace) { trace?(line) }
        var assembler = ReferenceAssembler(configuration: configuration)
        assembler.trace = trace
        var references = assembled.flatMap(\.references)
        references = assembler.mergingOverlaps(references, events: events) {
            isTechnique[$0.phrases[0]] == isTechnique[$1.phrases[0]]
        }
        var materials = assignPhrases(
            references: references,
            referenceIsTechnique: references.map { isTechnique[$0.phrases[0]] },
            events: events,
            phrases: phrases,
            isTechnique: isTechnique
        )
        // Scaffolding: join materials that keep following one another.
        while let (first, second) = scaffoldLink(materials, phrases: phrases) {
            var merged = references.filter { _ in false }
            var mergedIsTechnique: [Bool] = []
            for (index, material) in materials.enumerated() where index != second {
                if index == first {
                    merged.append(
                        ReferenceAssembler.Reference(
                            events: assembler.concatenating(
                                material.reference,
                                materials[second].reference,
                                events: events
                            ),
                            phrases: material.phrases + materials[second].phrases
                        )
                    )
                } else {
                    merged.append(ReferenceAssembler.Reference(events: material.reference, phrases: material.phrases))
                }
                mergedIsTechnique.append(material.isTechnique)
            }
            materials = assignPhrases(
                references: merged,
                referenceIsTechnique: mergedIsTechnique,
                events: events,
                phrases: phrases,
                isTechnique: isTechnique
            )
        }
        return joiningPiecePassages(materials, events: events, phrases: phrases)
    }

    /// A repeated exercise-shaped material whose reference a piece's reference holds note for
    /// note (80 % of its events matched at `pieceRunMatchScore` per event) is that piece's
    /// passage practised on its own (a run, a sequence): its phrases join the piece. An exercise
    /// routine repeated note for note matches no piece and stays technique. O(T · P · n · L).
    private func joiningPiecePassages(_ materials: [Material], events: [OnsetEvent], phrases: [Phrase]) -> [Material] {
        var materials = materials
        let aligner = JumpAligner(configuration: configuration)
        for technique in materials.indices where materials[technique].isTechnique {
            let played = materials[technique].reference.map { events[$0].pitches }
            let count = Double(played.count)
            let piece = materials.indices.filter { !materials[$0].isTechnique }.map { candidate in
                (candidate, aligner.align(played, to: materials[candidate].reference.map { events[$0].pitches }))
            }.filter {
                Double($0.1.matched) >= configuration.pieceRunMatchedShare * count
                    && $0.1.score >= configuration.pieceRunMatchScore * count
            }.max { $0.1.score < $1.1.score }
            guard let (target, _) = piece else { continue }
            trace?("technique material \(technique + 1) is a passage of m\(target + 1)")
            let reference = materials[target].reference.map { events[$0].pitches }
            for phrase in materials[technique].phrases {
                materials[target].phrases.append(phrase)
                materials[target].alignments.append(
                    aligner.align(phrases[phrase].events.map { events[$0].pitches }, to: reference)
                )
            }
            let order = materials[target].phrases.indices.sorted {
                materials[target].phrases[$0] < materials[target].phrases[$1]
            }
            materials[target].phrases = order.map { materials[target].phrases[$0] }
            materials[target].alignments = order.map { materials[target].alignments[$0] }
            materials[technique].phrases = []
        }
        return materials.filter { !$0.phrases.isEmpty }
    }

    /// The pair of materials (a, b) most often played as the end of a followed within
    /// `scaffoldGap` by the start of b, when that happens at least `minimumScaffoldLinks` times:
    /// two halves of one passage that pauses inside its takes split apart.
    private func scaffoldLink(_ materials: [Material], phrases: [Phrase]) -> (Int, Int)? {
        var placement: [Int: (material: Int, first: Int, last: Int)] = [:]
        for (materialIndex, material) in materials.enumerated() {
            for (phrase, alignment) in zip(material.phrases, material.alignments) {
                let positions = alignment.steps.compactMap(\.position)
                // The furthest point reached: material missing from the reference shows up as
                // stray jumps after it.
                guard let first = positions.first, let last = positions.max() else { continue }
                placement[phrase] = (materialIndex, first, last)
            }
        }
        var links: [PhrasePair: Int] = [:]
        for index in phrases.indices.dropLast() {
            guard let a = placement[index], let b = placement[index + 1], a.material != b.material,
                phrases[index + 1].start - phrases[index].end <= configuration.scaffoldGap
            else { continue }
            let lengthA = materials[a.material].reference.count
            let reachA = max(configuration.continuationReach, lengthA / 10)
            let reachB = max(configuration.continuationReach, materials[b.material].reference.count / 10)
            let gap = phrases[index + 1].start - phrases[index].end
            let seamless =
                gap <= configuration.seamlessGap && a.material != b.material
                && materials[a.material].isTechnique == materials[b.material].isTechnique
            if (a.last >= lengthA - 1 - reachA && b.first <= reachB) || seamless {
                links[PhrasePair(a: a.material, b: b.material), default: 0] += 1
            }
        }
        guard let best = links.max(by: { ($0.value, $1.key.a, $1.key.b) < ($1.value, $0.key.a, $0.key.b) }),
            best.value >= configuration.minimumScaffoldLinks
        else { return nil }
        return (best.key.a, best.key.b)
    }

    /// Aligns every phrase of at least three events to every reference and keeps the best
    /// accepted one: this also brings in phrases whose seeds were too few (short tries,
    /// hands-separate takes).
    private func assignPhrases(
        references: [ReferenceAssembler.Reference],
        referenceIsTechnique: [Bool],
        events: [OnsetEvent],
        phrases: [Phrase],
        isTechnique: [Bool]
    ) -> [Material] {
        let referenceLines = references.map { LineBigrams($0.events.map { events[$0] }) }
        var materials = zip(references, referenceIsTechnique).map {
            Material(reference: $0.events, phrases: [], alignments: [], isTechnique: $1)
        }
        let home = Dictionary(
            references.enumerated().flatMap { index, ref in ref.phrases.map { ($0, index) } },
            uniquingKeysWith: { a, _ in a }
        )
        // Fewer events than an accepted alignment matches cannot be accepted.
        let assigned = phrases.indices.filter { phrases[$0].events.count >= configuration.minimumAcceptedMatches }
        // The references each phrase may belong to.
        let candidatesOfPhrase = assigned.map { phraseIndex in
            let phrase = phrases[phraseIndex]
            var candidates = home[phraseIndex].map { [$0] } ?? Array(references.indices)
            if home[phraseIndex] == nil {
                // Cheap filter before aligning: the phrase's top or bottom line must move like
                // the reference's somewhere.
                let lines = LineBigrams(Array(events[phrase.events]))
                let scored = candidates.compactMap { candidate in
                    referenceLines[candidate].sharedShare(lines, atLeast: configuration.minimumLineShare).map {
                        (candidate, $0)
                    }
                }
                candidates = scored.sorted { ($0.1, $1.0) > ($1.1, $0.0) }
                    .prefix(configuration.maximumCandidateReferences).map(\.0)
            }
            // A run shaped like an exercise between stretches of a piece may be the piece's own
            // run (a scale passage played after a pause): it joins the piece if it matches it
            // closely, note for note.
            let amongPieces =
                isTechnique[phraseIndex]
                && [phraseIndex - 1, phraseIndex + 1].contains { $0 >= 0 && $0 < phrases.count && !isTechnique[$0] }
            return candidates.filter {
                materials[$0].isTechnique == isTechnique[phraseIndex] || (amongPieces && !materials[$0].isTechnique)
            }
        }
        // Prepared for aligning, and indexed by seed, once for all phrases.
        var prepared = [AlignmentReference?](repeating: nil, count: references.count)
        var anchors = [SeedAnchors?](repeating: nil, count: references.count)
        for material in Set(candidatesOfPhrase.joined()) {
            prepared[material] = AlignmentReference(references[material].events.map { events[$0].pitches })
            anchors[material] = SeedAnchors(
                references[material].events.map { events[$0] },
                length: configuration.seedLength
            )
        }
        // Each phrase is aligned on its own: all of them at once, on every core.
        let best = ConcurrentMap.map(costs: assigned.map { phrases[$0].events.count }) {
            [configuration, cache, prepared, anchors] index in
            let phraseIndex = assigned[index]
            let phrase = phrases[phraseIndex]
            let played = phrase.events.map { events[$0].pitches }
            let playedEvents = Array(events[phrase.events])
            let aligner = JumpAligner(configuration: configuration)
            let assembler = ReferenceAssembler(configuration: configuration)
            var best: (material: Int, result: JumpAligner.Result)?
            for material in candidatesOfPhrase[index] {
                // Only a score above the best so far, and one `accepts` takes, can count: an
                // alignment that cannot reach either is abandoned.
                let reaching = max(
                    configuration.acceptedMatchScore * Double(played.count),
                    best?.result.score ?? -.infinity
                )
                guard
                    let result = cache.result(
                        phrase: phraseIndex,
                        reference: references[material].events,
                        {
                            // Only where the phrase's seeds anchor it; everywhere when none does.
                            let bands = anchors[material]!.placement(of: playedEvents, configuration: configuration)
                                .bands
                            return aligner.align(played, to: prepared[material]!, bands: bands, reaching: reaching)
                        }
                    ),
                    assembler.accepts(result, count: played.count)
                else { continue }
                if referenceIsTechnique[material] != isTechnique[phraseIndex] {
                    let count = Double(played.count)
                    guard Double(result.matched) >= configuration.pieceRunMatchedShare * count,
                        result.score >= configuration.pieceRunMatchScore * count
                    else { continue }
                }
                if best == nil || result.score > best!.result.score { best = (material, result) }
            }
            return best
        }
        for (phraseIndex, best) in zip(assigned, best) {
            guard let best else { continue }
            materials[best.material].phrases.append(phraseIndex)
            materials[best.material].alignments.append(best.result)
        }
        return materials.filter { !$0.phrases.isEmpty }
    }
}

/// Pairs of consecutive keys of the top and bottom lines of some events: a cheap fingerprint to
/// rule out aligning a phrase to a reference it has nothing in common with.
struct LineBigrams {
    private var top: Set<UInt16> = []
    private var bottom: Set<UInt16> = []
    private var count = 0

    init(_ events: [OnsetEvent]) {
        for (a, b) in zip(events, events.dropFirst()) {
            top.insert(UInt16(a.top) << 8 | UInt16(b.top))
            bottom.insert(UInt16(a.bottom) << 8 | UInt16(b.bottom))
        }
        count = max(events.count - 1, 0)
    }

    /// The larger share of `phrase`'s top-line or bottom-line moves found here, nil below
    /// `minimum` (``SegmenterConfiguration/minimumLineShare``).
    func sharedShare(_ phrase: LineBigrams, atLeast minimum: Double) -> Double? {
        guard phrase.count > 0 else { return nil }
        let size = Double(max(1, min(phrase.top.count, phrase.bottom.count)))
        let share = Double(max(phrase.top.intersection(top).count, phrase.bottom.intersection(bottom).count)) / size
        return share >= minimum ? share : nil
    }
}

/// Remembers alignments of a phrase to a reference, which scaffolding asks for again. Shared by
/// the phrases aligned at once on every core.
final class AlignmentCache: Sendable {
    private struct Key: Hashable {
        var phrase: Int
        var reference: [Int]
    }

    private let results = Mutex<[Key: JumpAligner.Result]>([:])

    /// The remembered result, or `compute`'s, remembered when there is one (nil: abandoned).
    func result(phrase: Int, reference: [Int], _ compute: () -> JumpAligner.Result?) -> JumpAligner.Result? {
        let key = Key(phrase: phrase, reference: reference)
        if let known = results.withLock({ $0[key] }) { return known }
        let result = compute()
        if let result { results.withLock { $0[key] = result } }
        return result
    }
}

/// Trace lines written while a component is assembled on another core.
private final class LineCollector {
    private(set) var lines: [String] = []

    func append(_ line: String) { lines.append(line) }
}
