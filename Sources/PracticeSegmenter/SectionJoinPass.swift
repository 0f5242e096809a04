/// Sections of one piece played one after the other are one material: the variations of a
/// theme, the sections of a movement run through with a breath between them. Two runs of
/// different materials are sections of one piece when the second follows the first within
/// `sectionGap`, both last at least `minimumSection`, and they are in the same key (their
/// pitch-class profiles are alike, `minimumKeySimilarity`). Switching to another piece takes
/// longer (≥ 1.5 s on the development set) and rarely stays in the key.
///
/// The joined material's reference is the references one after the other, in order of first
/// appearance; alignments keep their positions, shifted. O(P + E).
struct SectionJoinPass {
    let configuration: SegmenterConfiguration
    var trace: ((String) -> Void)?

    func apply(
        labels: inout [PhraseLabel],
        materials: inout [MaterialFinder.Material],
        alignments: inout [Int: JumpAligner.Result],
        phrases: [Phrase],
        events: [OnsetEvent]
    ) {
        var runs: [(material: Int, phrases: [Int])] = []
        for index in phrases.indices {
            guard case .material(let material) = labels[index], !materials[material].isTechnique else {
                runs.append((-1, [index]))
                continue
            }
            if let last = runs.last, last.material == material {
                runs[runs.count - 1].phrases.append(index)
            } else {
                runs.append((material, [index]))
            }
        }
        var sets = UnionFind(count: materials.count)
        for (a, b) in zip(runs, runs.dropFirst()) where a.material >= 0 && b.material >= 0 && a.material != b.material {
            let first = phrases[a.phrases.first!]
            let last = phrases[a.phrases.last!]
            let next = phrases[b.phrases.first!]
            let following = phrases[b.phrases.last!]
            let gap = next.start - last.end
            trace?(
                "section pair m\(a.material + 1) m\(b.material + 1) gap \(gap.seconds.twoDecimals) \((last.end - first.start).seconds.twoDecimals) \((following.end - next.start).seconds.twoDecimals)"
            )
            guard gap <= configuration.sectionGap, last.end - first.start >= configuration.minimumSection,
                following.end - next.start >= configuration.minimumSection
            else { continue }
            let similarity = KeyProfile(events[first.events.lowerBound..<last.events.upperBound])
                .similarity(KeyProfile(events[next.events.lowerBound..<following.events.upperBound]))
            trace?(
                "section candidates m\(a.material + 1) m\(b.material + 1) gap \(gap.seconds.twoDecimals) key \(similarity.twoDecimals)"
            )
            if similarity >= configuration.minimumKeySimilarity { sets.union(a.material, b.material) }
        }
        var groups: [Int: [Int]] = [:]
        for material in materials.indices { groups[sets.find(material), default: []].append(material) }
        guard groups.count < materials.count else { return }
        // Members in order of first appearance; the first keeps its index.
        var merged: [MaterialFinder.Material] = []
        var newIndex = [Int](repeating: 0, count: materials.count)
        for root in groups.keys.sorted() {
            let members = groups[root]!.sorted { materials[$0].phrases.min()! < materials[$1].phrases.min()! }
            var material = materials[members[0]]
            newIndex[members[0]] = merged.count
            for member in members.dropFirst() {
                let shift = material.reference.count
                material.reference += materials[member].reference
                material.phrases += materials[member].phrases
                material.alignments += materials[member].alignments.map { PlayedThroughPass.shifted($0, by: shift) }
                for phrase in materials[member].phrases {
                    alignments[phrase] = alignments[phrase].map { PlayedThroughPass.shifted($0, by: shift) }
                }
                material.isPlayedThrough = material.isPlayedThrough && materials[member].isPlayedThrough
                newIndex[member] = merged.count
            }
            let order = material.phrases.indices.sorted { material.phrases[$0] < material.phrases[$1] }
            material.phrases = order.map { material.phrases[$0] }
            material.alignments = order.map { material.alignments[$0] }
            merged.append(material)
        }
        materials = merged
        for index in labels.indices {
            if case .material(let material) = labels[index] { labels[index] = .material(newIndex[material]) }
        }
    }
}

/// How often each pitch class sounds in a stretch, weighted by the keys struck. O(n).
struct KeyProfile {
    private var counts = [Double](repeating: 0, count: 12)

    init(_ events: ArraySlice<OnsetEvent>) {
        for event in events {
            for key in event.pitches.keys { counts[Int(key % 12)] += 1 }
        }
    }

    /// Cosine similarity of the two profiles (0...1).
    func similarity(_ other: KeyProfile) -> Double {
        var dot = 0.0
        var a = 0.0
        var b = 0.0
        for index in 0..<12 {
            dot += counts[index] * other.counts[index]
            a += counts[index] * counts[index]
            b += other.counts[index] * other.counts[index]
        }
        return a > 0 && b > 0 ? dot / (a * b).squareRoot() : 0
    }
}
