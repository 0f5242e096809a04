/// Builds one material's reference sequence from its phrases, like assembling reads: start from
/// the longest phrase, align the others to it, and grow the reference by the unaligned beginning
/// or end of a phrase that overlaps its edge (a passage practised before or after the part
/// already known). Phrases that never overlap stay out.
///
/// O(P · n · L) for P phrases of about n events and a reference of L events.
struct ReferenceAssembler {
    let configuration: SegmenterConfiguration
    var minimumExtension: Int { configuration.minimumReferenceExtension }
    var edgeReach: Int { configuration.referenceEdgeReach }
    var trace: ((String) -> Void)?

    struct Reference {
        /// Event indices (into the session's events) that make up the reference, in order.
        var events: [Int]
        /// Phrases (indices) that aligned to it while it was built.
        var phrases: [Int]
    }

    func accepts(_ result: JumpAligner.Result, count: Int) -> Bool {
        result.matched >= configuration.minimumAcceptedMatches
            && Double(result.matched) >= configuration.acceptedMatchedShare * Double(count)
            && result.score >= configuration.acceptedMatchScore * Double(count)
    }

    /// Whether a phrase overlaps the reference under construction well enough to extend it: most
    /// of the shorter of the two must match.
    func overlaps(_ result: JumpAligner.Result, count: Int, referenceLength: Int) -> Bool {
        let shorter = Double(min(count, referenceLength))
        return result.matched >= minimumExtension + 2
            && Double(result.matched) >= configuration.acceptedMatchedShare * shorter
            && result.score >= configuration.acceptedMatchScore * shorter
    }

    /// The main overlap of an alignment: the stretch with the most matched events in which
    /// matches advance by 0–3 positions without jumps. Returns its first and last played events
    /// with their positions, and per played event whether it lies in a solid run (at least
    /// `minimumExtension` matches in a row advancing like that).
    ///
    /// With `played` and `reference` given, a solid event must also equal its reference event
    /// exactly: a copy of aligned material repeats its notes, new material only resembles it.
    func mainSegment(
        _ result: JumpAligner.Result,
        played: [PitchSet]? = nil,
        reference: [PitchSet]? = nil
    ) -> MainOverlap? {
        let steps = result.steps
        var best: (first: Int, last: Int, matched: Int)?
        var current: (first: Int, last: Int, matched: Int)?
        var solid = [Bool](repeating: false, count: steps.count)
        var runStart = -1
        var runLength = 0
        var previous: Int?
        for (index, step) in steps.enumerated() {
            guard let position = step.position else { continue }
            let continues = previous.map { !step.jumped && position - $0 >= 0 && position - $0 <= 3 } ?? false
            let advances = previous.map { !step.jumped && position - $0 >= 1 && position - $0 <= 3 } ?? false
            if continues {
                current!.last = index
                current!.matched += 1
            } else {
                current = (index, index, 1)
            }
            if advances {
                runLength += 1
            } else {
                runStart = index
                runLength = 1
            }
            if runLength >= 2 * minimumExtension {
                for i in runStart...index {
                    guard let matched = steps[i].position else { continue }
                    if let played, let reference, played[i] != reference[matched] { continue }
                    solid[i] = true
                }
            }
            if best == nil || current!.matched > best!.matched { best = current }
            previous = position
        }
        guard let best else { return nil }
        return MainOverlap(
            first: best.first,
            firstPosition: steps[best.first].position!,
            last: best.last,
            lastPosition: steps[best.last].position!,
            solid: solid
        )
    }

    /// The main overlap of an alignment (see ``mainSegment(_:played:reference:)``).
    struct MainOverlap {
        /// First and last played events of the overlap, and the positions they matched.
        var first: Int
        var firstPosition: Int
        var last: Int
        var lastPosition: Int
        /// Per played event: inside a solid run.
        var solid: [Bool]
    }

    /// Whether unaligned played events are new material rather than another copy of aligned
    /// material (a restart): most of them are not in solid runs.
    private func isNovel(_ solid: ArraySlice<Bool>) -> Bool {
        Double(solid.filter { $0 }.count) < configuration.maximumSolidShareOfNovel * Double(solid.count)
    }

    /// Whether played events that the overlap left out are one more playing of the stretch the
    /// phrase just played (a restart with the chords voiced a little differently), not music to
    /// add to it: they align to the reference with 70 % matched at 0.6 per event, most of them
    /// inside `span` (the overlap's positions). Music that comes back from elsewhere in the
    /// piece (a recapitulation, a sequence) lands outside the span and is new music.
    private func repeats(_ played: ArraySlice<PitchSet>, _ reference: [PitchSet], span: ClosedRange<Int>) -> Bool {
        let result = JumpAligner(configuration: configuration).align(Array(played), to: reference)
        guard Double(result.matched) >= configuration.replayMatchedShare * Double(played.count),
            result.score >= configuration.replayMatchScore * Double(played.count)
        else { return false }
        let reach = (span.lowerBound - edgeReach)...(span.upperBound + edgeReach)
        let positions = result.steps.compactMap(\.position)
        return 2 * positions.filter { reach.contains($0) }.count >= positions.count
    }

    /// The reference of a group of phrases: the longest (cut to one take when it starts over
    /// inside) extended at its edges by the others that overlap it.
    func assemble(phrases: [Int], allPhrases: [Phrase], events: [OnsetEvent]) -> Reference {
        // A phrase cut at what looked like its own restart that then does not align to the take
        // kept from it was not starting over: a figure of the music came back (an accompaniment
        // pattern practised alone, each half bar played twice). Its whole playing is the music.
        if let reference = assemble(phrases: phrases, allPhrases: allPhrases, events: events, cuttingRestarts: true) {
            return reference
        }
        trace?("  the longest phrase does not align to its cut: not a restart")
        return assemble(phrases: phrases, allPhrases: allPhrases, events: events, cuttingRestarts: false)!
    }

    /// nil when the longest phrase, cut at a restart, does not align to the take kept from it.
    private func assemble(
        phrases: [Int],
        allPhrases: [Phrase],
        events: [OnsetEvent],
        cuttingRestarts: Bool
    ) -> Reference? {
        let ordered = phrases.sorted {
            let a = allPhrases[$0].events.count
            let b = allPhrases[$1].events.count
            return a != b ? a > b : $0 < $1
        }
        let seedRange = allPhrases[ordered[0]].events
        var reference = Array(seedRange)
        var used = [ordered[0]]
        var pending = Array(ordered.dropFirst())
        var cut = false
        if cuttingRestarts, let kept = restart(events: events, range: seedRange) {
            cut = true
            trace?("cut phrase \(ordered[0]) (\(seedRange.count) events) to \(kept)")
            // The longest phrase holds several takes: keep one whole take, let the rest extend it.
            reference = Array(seedRange.dropFirst(kept.lowerBound).prefix(kept.count))
            pending.insert(ordered[0], at: 0)
            used = []
        }
        // Per reference position: whether a phrase other than the one it came from matched it.
        var covered = [Bool](repeating: false, count: reference.count)
        var aligner = JumpAligner(configuration: configuration)
        aligner.overhangCost = 0
        var progress = true
        var passes = 0
        // The reference as prepared for aligning, rebuilt when it grows; and for each phrase
        // that did not overlap it, the length of the reference then (it only ever grows, so an
        // unchanged length is an unchanged reference, and the phrase would not overlap again).
        var prepared = AlignmentReference(reference.map { events[$0].pitches })
        var rejectedAt: [Int: Int] = [:]
        // A phrase that shares no seed with the reference (another piece in the same group of
        // phrases, linked through a third) is not aligned to it; one that does is aligned only
        // where its seeds anchor it.
        var anchors = SeedAnchors(reference.map { events[$0] }, length: configuration.seedLength)
        // Each pass can only add to the edges; three passes settle what chains of overlaps can
        // reach in practice, and bound the cost for materials with hundreds of phrases.
        while progress && !pending.isEmpty && passes < configuration.assemblyPasses {
            progress = false
            passes += 1
            var stillPending: [Int] = []
            for phraseIndex in pending {
                if rejectedAt[phraseIndex] == reference.count {
                    stillPending.append(phraseIndex)
                    continue
                }
                let range = allPhrases[phraseIndex].events
                let placement = anchors.placement(of: Array(events[range]), configuration: configuration)
                guard placement != .unshared else {
                    trace?("  phrase \(phraseIndex) n=\(range.count) shares no seed")
                    rejectedAt[phraseIndex] = reference.count
                    stillPending.append(phraseIndex)
                    continue
                }
                let played = range.map { events[$0].pitches }
                let referenceSets = prepared.sets
                // An alignment that cannot reach an overlap's score is abandoned (not when tracing:
                // the trace shows the rejected alignment).
                let reaching = configuration.acceptedMatchScore * Double(min(played.count, reference.count))
                let aligned = aligner.align(
                    played,
                    to: prepared,
                    bands: placement.bands,
                    reaching: trace == nil ? reaching : nil
                )
                guard let result = aligned, overlaps(result, count: played.count, referenceLength: reference.count)
                else {
                    trace?(
                        "  phrase \(phraseIndex) n=\(played.count) rejected matched=\(aligned?.matched ?? 0) score=\(aligned?.score ?? 0)"
                    )
                    rejectedAt[phraseIndex] = reference.count
                    stillPending.append(phraseIndex)
                    continue
                }
                used.append(phraseIndex)
                progress = true
                for case let position? in result.steps.map(\.position) { covered[position] = true }
                guard
                    let overlap = mainSegment(
                        result,
                        played: played,
                        reference: referenceSets
                    )
                else { continue }
                let (first, firstPosition, last, lastPosition, solid) = (
                    overlap.first, overlap.firstPosition, overlap.last, overlap.lastPosition, overlap.solid
                )
                let tailCount = played.count - 1 - last
                trace?(
                    "  phrase \(phraseIndex) n=\(played.count) matched=\(result.matched) first=\(first)@\(firstPosition) "
                        + "last=\(last)@\(lastPosition) ref=\(reference.count)"
                )
                let length = reference.count
                if tailCount >= minimumExtension && lastPosition >= reference.count - 1 - edgeReach
                    && isNovel(solid[(last + 1)...])
                    && !repeats(
                        played[(last + 1)...],
                        referenceSets,
                        span: min(firstPosition, lastPosition)...max(firstPosition, lastPosition)
                    )
                {
                    reference.append(contentsOf: range[(range.lowerBound + last + 1)...])
                    covered.append(contentsOf: repeatElement(true, count: tailCount))
                }
                if first >= minimumExtension && firstPosition <= edgeReach && isNovel(solid[..<first])
                    && !repeats(
                        played[..<first],
                        referenceSets,
                        span: min(firstPosition, lastPosition)...max(firstPosition, lastPosition)
                    )
                {
                    reference.insert(contentsOf: range[range.lowerBound..<(range.lowerBound + first)], at: 0)
                    covered.insert(contentsOf: repeatElement(true, count: first), at: 0)
                }
                if reference.count != length {
                    prepared = AlignmentReference(reference.map { events[$0].pitches })
                    anchors = SeedAnchors(reference.map { events[$0] }, length: configuration.seedLength)
                }
            }
            pending = stillPending
        }
        // One playing of a drilled stretch stands for all: the reference is the music once.
        for drill in drilledStretches(in: reference, covered: covered, events: events).reversed() {
            reference.removeSubrange(drill)
        }
        if cut && !used.contains(ordered[0]) { return nil }
        if used.isEmpty { used = [ordered[0]] }
        return Reference(events: reference, phrases: used)
    }

    /// Where a phrase starts over (a stretch of it played again later in it without a pause):
    /// among the offsets between recurring seeds, the best-supported one whose recurrence starts
    /// early in the phrase (within `edgeReach` events or a third of the offset: a phrase may open
    /// with the end of an earlier take) and whose second playing aligns closely to the first.
    /// Returns one whole playing of the stretch, as offsets into the phrase: from where the
    /// stretch first begins to where its second playing starts. nil when it does not start
    /// over. O(n) for n events, plus an alignment per candidate tried.
    func restart(events: [OnsetEvent], range: Range<Int>) -> Range<Int>? {
        let length = configuration.seedLength
        guard range.count >= 2 * length else { return nil }
        // Votes of all kinds of seed (full texture, top line, bottom line); an accompaniment
        // repeating under a new melody is told from a restart by aligning the two copies below.
        var firstSeen: [[UInt64: Int]] = [[:], [:], [:]]
        var kindVotes: [[Int: Int]] = [[:], [:], [:]]
        var earliest: [Int: Int] = [:]
        for start in range.lowerBound...(range.upperBound - length) {
            let offset = start - range.lowerBound
            for (kind, seed) in SeedIndex.seedsByKind(events, start: start, length: length).enumerated() {
                if let earlier = firstSeen[kind][seed] {
                    let distance = offset - earlier
                    if distance >= length {
                        kindVotes[kind][distance, default: 0] += 1
                        earliest[distance] = min(earliest[distance] ?? earlier, earlier)
                    }
                } else {
                    firstSeen[kind][seed] = offset
                }
            }
        }
        var votes: [Int: (count: Int, earliest: Int)] = [:]
        for (distance, first) in earliest {
            let total = kindVotes.reduce(0) { $0 + ($1[distance] ?? 0) }
            votes[distance] = (total, first)
        }
        // Offsets drift by a few events between takes (dropped or extra notes): offsets are
        // ranked by the votes within 2 events, and their support is counted within a sixteenth
        // of the offset, as the drift grows over a longer take.
        func pooled(_ distance: Int, drift: Int) -> Int {
            (-drift...drift).reduce(0) { $0 + (votes[distance + $1]?.count ?? 0) }
        }
        let ranked = votes.map { (offset: $0.key, earliest: $0.value.earliest, rank: pooled($0.key, drift: 2)) }
            .sorted { $0.rank != $1.rank ? $0.rank > $1.rank : $0.offset < $1.offset }
        let aligner = JumpAligner(configuration: configuration)
        // First a restart of the phrase's opening (the recurrence starts within `edgeReach`
        // events or a quarter of the offset: a few notes before the take belong to it); then a
        // phrase that opens with the end of an earlier playing of the stretch and runs on into
        // it (a lead of up to a third of the offset that replays the stretch's end).
        let openings = ranked.filter { $0.earliest <= max(edgeReach, $0.offset / 4) }.map { ($0.offset, 0) }
        let leads = ranked.filter { $0.earliest > max(edgeReach, $0.offset / 4) && $0.earliest <= $0.offset / 3 }
            .map { ($0.offset, $0.earliest) }
        // A motif recurring in the music (a sequence, a figure) can outvote a restart: try the
        // best few of each, and take the first that the checks below accept.
        for (offset, start) in openings.prefix(configuration.restartCandidates)
            + leads.prefix(configuration.restartCandidates)
        {
            // A restart repeats most of what came before it (or most of what follows, if it
            // stopped early): a motif recurring in the music does not.
            let support = pooled(offset, drift: max(2, offset / 16))
            let overlap = min(offset, range.count - start - offset)
            let needed = max(configuration.minSharedSeeds, Int(configuration.restartSeedShare * Double(overlap)))
            guard overlap > 0, support >= needed else { continue }
            // Seeds may agree on one line only; a restart plays the same notes again, so what
            // follows the cut must align closely to what precedes it.
            let before = range.dropFirst(start).prefix(offset).map { events[$0].pitches }
            let after = range.dropFirst(start + offset).prefix(offset).map { events[$0].pitches }
            let result = aligner.align(after, to: before)
            guard result.score >= configuration.restartCopyScore * Double(after.count) else { continue }
            if start > 0 && !replaysEnd(range.prefix(start).map { events[$0].pitches }, of: before) { continue }
            return start..<(start + offset)
        }
        return nil
    }

    /// Whether `lead` (the events before a stretch) is the end of an earlier playing of it: it
    /// aligns as a replay (`replayMatchScore` per event) ending within `edgeReach` of the
    /// stretch's end. Otherwise the recurrence is a figure inside the music, not a restart.
    private func replaysEnd(_ lead: [PitchSet], of stretch: [PitchSet]) -> Bool {
        let result = JumpAligner(configuration: configuration).align(lead, to: stretch)
        guard result.score >= configuration.replayMatchScore * Double(lead.count),
            let end = result.steps.last(where: { $0.position != nil })?.position
        else { return false }
        return end >= stretch.count - 1 - edgeReach
    }

    /// `first` followed by `second`, overlapping stretches spliced: what a scaffold join makes
    /// of two materials that follow one another.
    func concatenating(_ first: [Int], _ second: [Int], events: [OnsetEvent]) -> [Int] {
        var aligner = JumpAligner(configuration: configuration)
        aligner.overhangCost = 0
        let result = aligner.align(second.map { events[$0].pitches }, to: first.map { events[$0].pitches })
        guard let segment = mainSegment(result), result.matched >= minimumExtension + 2 else { return first + second }
        // `second` already inside `first` (a hands-separate version of a stretch, say): keep `first`.
        if Double(result.matched) >= configuration.containedMatchedShare * Double(second.count)
            && segment.last >= second.count - 1 - edgeReach
            && segment.first <= edgeReach
        {
            return first
        }
        // Only a head of `second` matching the tail of `first` is spliced.
        guard segment.first <= edgeReach, segment.lastPosition >= first.count - 1 - edgeReach else {
            return first + second
        }
        return first + second[(segment.last + 1)...]
    }

    /// Merges references that overlap at their edges or contain one another (a passage
    /// practised in parts whose phrases never shared enough seeds), until none do. Candidate
    /// pairs share at least `minSharedSeeds` seeds. O(R² + merges · L²) for R references of
    /// L events. Without a trace, the candidate pairs of a round are joined at once on every
    /// core before they are taken in order (a join depends only on its two references).
    func mergingOverlaps(
        _ references: [Reference],
        events: [OnsetEvent],
        compatible: (Reference, Reference) -> Bool
    ) -> [Reference] {
        var references = references
        let aligner = JumpAligner(configuration: configuration, overhangCost: 0)
        var merged = true
        // Every join tried, by its two references: nil where they did not join.
        var joins: [JoinAttempt: [Int]?] = [:]
        func seeds(of reference: Reference) -> Set<UInt64> {
            let sequence = reference.events.map { events[$0] }
            var seeds = Set<UInt64>()
            if sequence.count >= configuration.seedLength {
                for start in 0...(sequence.count - configuration.seedLength) {
                    seeds.formUnion(SeedIndex.seeds(sequence, start: start, length: configuration.seedLength))
                }
            }
            return seeds
        }
        // Only a merge changes a reference's seeds: the joined one's are indexed again.
        var seedSets = references.map(seeds(of:))
        /// The seeds `a` and `b` share, and whether they are worth joining.
        func candidate(_ a: Int, _ b: Int) -> (shared: Int, worthIt: Bool) {
            let shared = seedSets[a].intersection(seedSets[b]).count
            let small = references[a].events.count * references[b].events.count <= 20_000
            let enough =
                Double(shared) >= configuration.minimumMergeSeedShare
                * Double(min(seedSets[a].count, seedSets[b].count))
            return (shared, (shared >= configuration.minSharedSeeds && enough) || small)
        }
        while merged {
            merged = false
            if trace == nil {
                var attempts: [JoinAttempt] = []
                for a in references.indices {
                    for b in references.indices where b != a && compatible(references[a], references[b]) {
                        let attempt = JoinAttempt(base: references[a].events, other: references[b].events)
                        if candidate(a, b).worthIt && joins[attempt] == nil { attempts.append(attempt) }
                    }
                }
                let tried = attempts
                let results = ConcurrentMap.map(costs: tried.map { $0.base.count * $0.other.count }) {
                    [configuration] index in
                    ReferenceAssembler(configuration: configuration)
                        .join(tried[index].other, onto: tried[index].base, events: events, aligner: aligner)
                }
                for (attempt, result) in zip(tried, results) { joins[attempt] = .some(result) }
            }
            search: for a in references.indices {
                for b in references.indices where b != a && compatible(references[a], references[b]) {
                    let (shared, worthIt) = candidate(a, b)
                    if shared > 0 { trace?("pair \(a) \(b) shared \(shared)") }
                    guard worthIt else { continue }
                    // Pairs that did not join will not join later either: only merged ones change.
                    let attempt = JoinAttempt(base: references[a].events, other: references[b].events)
                    let joined: [Int]?
                    if let known = joins[attempt] {
                        joined = known
                    } else {
                        joined = join(
                            references[b].events,
                            onto: references[a].events,
                            events: events,
                            aligner: aligner
                        )
                        joins[attempt] = .some(joined)
                    }
                    guard let joined else { continue }
                    trace?(
                        "merge references \(a) (\(references[a].events.count)) and \(b) (\(references[b].events.count)) into \(joined.count)"
                    )
                    references[a] = Reference(events: joined, phrases: references[a].phrases + references[b].phrases)
                    seedSets[a] = seeds(of: references[a])
                    references.remove(at: b)
                    seedSets.remove(at: b)
                    merged = true
                    break search
                }
            }
        }
        return references
    }

    /// `base` grown by what `other` adds before or after it, when `other` overlaps `base` at an
    /// edge or lies inside it; nil when they do not overlap that way.
    func join(_ other: [Int], onto base: [Int], events: [OnsetEvent], aligner: JumpAligner) -> [Int]? {
        let played = other.map { events[$0].pitches }
        let baseSets = base.map { events[$0].pitches }
        let result = aligner.align(played, to: baseSets)
        guard
            let main = mainSegment(
                result,
                played: played,
                reference: baseSets
            )
        else { return nil }
        let (first, firstPosition, last, lastPosition, solid) = (
            main.first, main.firstPosition, main.last, main.lastPosition, main.solid
        )
        let overlap = last - first + 1
        trace?(
            "   join n=\(other.count) onto \(base.count): matched \(result.matched) score \(result.score) first \(first)@\(result.steps[first].position!) last \(last)@\(result.steps[last].position!)"
        )
        guard result.matched >= minimumExtension + 2,
            Double(result.matched) >= configuration.joinMatchedShare * Double(overlap),
            result.score >= configuration.joinMatchScore * Double(overlap)
        else { return nil }
        let head = first
        let tail = other.count - 1 - last
        let extendsHead = head >= minimumExtension && isNovel(solid[..<first])
        let extendsTail = tail >= minimumExtension && isNovel(solid[(last + 1)...])
        if extendsHead && firstPosition > edgeReach { return nil }
        if extendsTail && lastPosition < base.count - 1 - edgeReach { return nil }
        var joined = base
        if extendsTail { joined.append(contentsOf: other[(last + 1)...]) }
        if extendsHead { joined.insert(contentsOf: other[..<first], at: 0) }
        return joined
    }

    private struct JoinAttempt: Hashable {
        var base: [Int]
        var other: [Int]
    }
}
