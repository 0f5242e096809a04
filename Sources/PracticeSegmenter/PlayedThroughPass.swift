/// A long composed stretch played once is still a piece: a sonata movement played through, a
/// concerto run through from memory between takes of its hard bars. Free play is the short
/// stretches that match nothing — improvising, noodling, a phrase of something else.
///
/// A *stretch* is a run of phrases that no repeated material claimed, with no pause of
/// `playedThroughGap` or more inside. A stretch with at least `minimumPlayedThrough` of playing,
/// mostly not shaped like an exercise and moving like music (the median distance from an event
/// to the nearest key of the three before it at most `maximumMedianMove`), is played through:
/// - between two runs of one material (no break, no other material between: the player went on
///   from it and came back to it), or right after a run that reached the material's end (or
///   right before one that starts at its start) within `continuationGap`, it is more of that
///   material — the sections the takes did not practise —, and the material's reference grows
///   by it, so that a run-through through it is one take;
/// - otherwise it is a piece of its own, new to the session ("played through").
///
/// O(P + E) for P phrases and E events.
struct PlayedThroughPass {
    let configuration: SegmenterConfiguration
    var trace: ((String) -> Void)?

    /// Relabels played-through stretches; grows materials and adds new ones. Alignments of
    /// phrases of a grown material keep their positions (stretches are appended, or prepended
    /// with positions shifted).
    func apply(
        labels: inout [PhraseLabel],
        materials: inout [MaterialFinder.Material],
        alignments: inout [Int: JumpAligner.Result],
        phrases: [Phrase],
        events: [OnsetEvent],
        isTechniqueShaped: [Bool]
    ) {
        for stretch in stretches(labels: labels, alignments: alignments, phrases: phrases) {
            trace?(
                "stretch \(stretch) played through \(isPlayedThrough(stretch, phrases: phrases, events: events, isTechniqueShaped: isTechniqueShaped))"
            )
            guard isPlayedThrough(stretch, phrases: phrases, events: events, isTechniqueShaped: isTechniqueShaped)
            else { continue }
            let eventRange = phrases[stretch.first!].events.lowerBound..<phrases[stretch.last!].events.upperBound
            let added = Array(eventRange)
            if let (material, before) = neighbour(
                of: stretch,
                labels: labels,
                alignments: alignments,
                phrases: phrases,
                materials: materials
            ) {
                // The stretch's events take positions before or after the reference's.
                var base = materials[material].reference.count
                if before {
                    base = 0
                    materials[material].reference.insert(contentsOf: added, at: 0)
                    materials[material].alignments = materials[material].alignments.map {
                        Self.shifted($0, by: added.count)
                    }
                    for phrase in materials[material].phrases {
                        alignments[phrase] = Self.shifted(alignments[phrase]!, by: added.count)
                    }
                } else {
                    materials[material].reference.append(contentsOf: added)
                }
                for phrase in stretch {
                    let range = phrases[phrase].events
                    let alignment = Self.identity(range.count, from: base + range.lowerBound - eventRange.lowerBound)
                    alignments[phrase] = alignment
                    labels[phrase] = .material(material)
                    materials[material].phrases.append(phrase)
                    materials[material].alignments.append(alignment)
                }
                let order = materials[material].phrases.indices.sorted {
                    materials[material].phrases[$0] < materials[material].phrases[$1]
                }
                materials[material].phrases = order.map { materials[material].phrases[$0] }
                materials[material].alignments = order.map { materials[material].alignments[$0] }
            } else {
                var material = MaterialFinder.Material(
                    reference: added,
                    phrases: [],
                    alignments: [],
                    isTechnique: false
                )
                material.isPlayedThrough = true
                for phrase in stretch {
                    let range = phrases[phrase].events
                    let alignment = Self.identity(range.count, from: range.lowerBound - eventRange.lowerBound)
                    alignments[phrase] = alignment
                    material.phrases.append(phrase)
                    material.alignments.append(alignment)
                    labels[phrase] = .material(materials.count)
                }
                materials.append(material)
            }
        }
    }

    /// Runs of consecutive phrases that no repeated material claimed, cut at pauses of
    /// `playedThroughGap` or more.
    private func stretches(labels: [PhraseLabel], alignments: [Int: JumpAligner.Result], phrases: [Phrase]) -> [[Int]] {
        var result: [[Int]] = []
        var current: [Int] = []
        for index in phrases.indices {
            let open = labels[index] == .free || (labels[index] == .technique && alignments[index] == nil)
            let joins =
                current.last.map { phrases[index].start - phrases[$0].end < configuration.playedThroughGap } ?? true
            if open && joins {
                current.append(index)
            } else {
                if !current.isEmpty { result.append(current) }
                current = open ? [index] : []
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    private func isPlayedThrough(
        _ stretch: [Int],
        phrases: [Phrase],
        events: [OnsetEvent],
        isTechniqueShaped: [Bool]
    ) -> Bool {
        var playing: Int64 = 0
        var shaped: Int64 = 0
        for phrase in stretch {
            let length = phrases[phrase].end - phrases[phrase].start
            playing += length
            if isTechniqueShaped[phrase] { shaped += length }
        }
        guard playing - shaped >= configuration.minimumPlayedThrough,
            Double(shaped) <= configuration.maximumExerciseShareOfPiece * Double(playing)
        else { return false }
        // Music moves by small intervals from something just played (the same hand's last
        // notes); keys struck at random land about nine semitones from any of them.
        let range = phrases[stretch.first!].events.lowerBound..<phrases[stretch.last!].events.upperBound
        guard range.count > 1 else { return false }
        var moves: [Int] = []
        moves.reserveCapacity(range.count)
        for index in range.dropFirst() {
            let keys = events[index].pitches.keys
            var nearest = Int.max
            for earlier in max(range.lowerBound, index - 3)..<index {
                for key in keys {
                    for other in events[earlier].pitches.keys { nearest = min(nearest, abs(Int(key) - Int(other))) }
                }
            }
            moves.append(nearest)
        }
        moves.sort()
        return moves[moves.count / 2] <= configuration.maximumMedianMove
    }

    /// The material a stretch is more of, and whether the stretch comes before its reference.
    private func neighbour(
        of stretch: [Int],
        labels: [PhraseLabel],
        alignments: [Int: JumpAligner.Result],
        phrases: [Phrase],
        materials: [MaterialFinder.Material]
    ) -> (material: Int, before: Bool)? {
        func material(at index: Int) -> Int? {
            guard phrases.indices.contains(index), case .material(let material) = labels[index],
                !materials[material].isTechnique
            else { return nil }
            return material
        }
        // The nearest phrase of any material on each side, with no break between.
        var previous: Int?
        var index = stretch.first! - 1
        while index >= 0, phrases[index + 1].start - phrases[index].end < configuration.breakGap {
            if case .material = labels[index] {
                previous = index
                break
            }
            index -= 1
        }
        var next: Int?
        index = stretch.last! + 1
        while index < phrases.count, phrases[index].start - phrases[index - 1].end < configuration.breakGap {
            if case .material = labels[index] {
                next = index
                break
            }
            index += 1
        }
        let before = previous.flatMap { material(at: $0) }
        let after = next.flatMap { material(at: $0) }
        if let before, before == after { return (before, false) }
        if let previous, let before,
            phrases[stretch.first!].start - phrases[previous].end <= configuration.continuationGap,
            let furthest = alignments[previous]?.steps.compactMap(\.position).max(),
            furthest >= materials[before].reference.count - 1 - reach(materials[before])
        {
            return (before, false)
        }
        if let next, let after,
            phrases[next].start - phrases[stretch.last!].end <= configuration.continuationGap,
            let first = alignments[next]?.steps.lazy.compactMap(\.position).first,
            first <= reach(materials[after])
        {
            return (after, true)
        }
        return nil
    }

    private func reach(_ material: MaterialFinder.Material) -> Int {
        max(configuration.continuationReach, material.reference.count / 10)
    }

    /// An alignment of `count` events to consecutive positions from `start`.
    static func identity(_ count: Int, from start: Int) -> JumpAligner.Result {
        JumpAligner.Result(
            steps: (0..<count).map { JumpAligner.Step(position: start + $0, jumped: false) },
            score: Double(count),
            matched: count
        )
    }

    static func shifted(_ result: JumpAligner.Result, by shift: Int) -> JumpAligner.Result {
        var result = result
        result.steps = result.steps.map {
            JumpAligner.Step(position: $0.position.map { $0 + shift }, jumped: $0.jumped)
        }
        return result
    }
}
