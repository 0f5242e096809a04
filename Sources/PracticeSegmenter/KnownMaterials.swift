public import MIDICore

/// A material the library already knows: from earlier sessions or a reference score the user
/// added. The segmenter takes these as input and reports matches; it never reads the library.
public struct KnownMaterial: Hashable, Sendable, Codable {
    /// Library id.
    public var id: Int64
    public var name: String
    public var fingerprint: MaterialFingerprint

    public init(id: Int64, name: String, fingerprint: MaterialFingerprint) {
        self.id = id
        self.name = name
        self.fingerprint = fingerprint
    }
}

/// What identifies a material across sessions: its reference as a sequence of chords (MIDI keys
/// struck together), with bar numbers when it comes from a score.
public struct MaterialFingerprint: Hashable, Sendable, Codable {
    /// Keys of each event, in musical order.
    public var events: [[UInt8]]
    /// Bar number (1-based, fractional within the bar) of each event, for reference scores.
    public var bars: [Double]?
    /// Where each event is in the printed score (labels, beats, staves), for scores read with
    /// their bars; nil for materials learned from playing and for scores added before.
    public var score: ScorePlaces?

    public init(events: [[UInt8]], bars: [Double]? = nil, score: ScorePlaces? = nil) {
        self.events = events
        self.bars = bars
        self.score = score
    }

    var pitchSets: [PitchSet] {
        events.map { keys in
            var set = PitchSet()
            for key in keys where key < 128 { set.insert(key) }
            return set
        }
    }
}

extension MaterialFingerprint {
    /// The fingerprint of a score or performance: its notes grouped into chord events.
    /// - Parameter barOfTime: bar number of a time (nanoseconds), when the notes come from a score.
    public init(notes: [Note], chordSpread: Int64 = Note.chordWindow, barOfTime: ((Int64) -> Double)? = nil) {
        let sorted = notes.sorted { ($0.onset, $0.key) < ($1.onset, $1.key) }
        let grouped = OnsetGrouping.events(sorted, spread: chordSpread)
        self.init(events: grouped.map(\.pitches.keys), bars: barOfTime.map { bar in grouped.map { bar($0.time) } })
    }
}

extension MaterialFingerprint {
    /// This fingerprint, learned from earlier sessions, grown by what a session played of it:
    /// the session reference's events before the main overlap of their alignment here are put
    /// in front when that overlap reaches this fingerprint's beginning (within `edgeReach`
    /// events), and those after it go behind when it reaches the end. What the library knew is
    /// kept, so sections met months apart stay one piece. O(n + m).
    /// - Parameters:
    ///   - events: the session material's reference (keys per event).
    ///   - overlap: the main overlap of `events` aligned to this fingerprint.
    func grown(
        by events: [[UInt8]],
        overlap: ReferenceAssembler.MainOverlap,
        edgeReach: Int
    ) -> MaterialFingerprint {
        guard bars == nil, score == nil else { return self }
        let head = overlap.firstPosition <= edgeReach ? Array(events[..<overlap.first]) : []
        let tail =
            overlap.lastPosition >= self.events.count - 1 - edgeReach ? Array(events[(overlap.last + 1)...]) : []
        return MaterialFingerprint(events: head + self.events + tail)
    }
}

/// Matches a session's materials to known ones by aligning references (overlap alignment: a
/// session may practise only part of a known piece, or more of it).
struct KnownMaterialMatcher {
    let configuration: SegmenterConfiguration

    struct Match {
        var known: Int
        /// For each position of the session material, the known material's position (if any).
        var positions: [Int?]
        /// The stretch where the session material and the known one run alongside.
        var overlap: ReferenceAssembler.MainOverlap?
        /// For a known material contained in the session's (one hand of it, learned hands
        /// separately before): the main overlap of the known material aligned to the session's.
        var containedOverlap: ReferenceAssembler.MainOverlap? = nil
    }

    func match(_ reference: [PitchSet], among known: [KnownMaterial]) -> Match? {
        var aligner = JumpAligner(configuration: configuration)
        aligner.overhangCost = 0
        let assembler = ReferenceAssembler(configuration: configuration)
        var best: (match: Match, score: Double)?
        let lines = LineBigrams(reference.map(Self.event))
        for (index, material) in known.enumerated() {
            let sets = material.fingerprint.pitchSets
            guard !sets.isEmpty,
                LineBigrams(sets.map(Self.event)).sharedShare(lines, atLeast: configuration.minimumLineShare) != nil
            else { continue }
            let result = aligner.align(reference, to: sets)
            let overlap = assembler.mainSegment(result, played: reference, reference: sets)
            let solid = overlap?.solid.filter { $0 }.count ?? 0
            let matches =
                assembler.overlaps(result, count: reference.count, referenceLength: sets.count)
                && (result.score >= configuration.minimumKnownMatchScore * Double(min(reference.count, sets.count))
                    || solid >= configuration.minimumKnownSolidEvents)
            if matches || joinsAtAnEdge(overlap, count: reference.count, knownCount: sets.count) {
                if best == nil || result.score > best!.score {
                    let match = Match(known: index, positions: result.steps.map(\.position), overlap: overlap)
                    best = (match, result.score)
                }
            } else if material.fingerprint.bars == nil, material.fingerprint.score == nil,
                let contained = containedMatch(reference, in: sets, known: index),
                best == nil || contained.score > best!.score
            {
                best = contained
            }
        }
        return best?.match
    }

    /// The session material matched the other way round: the known material, played against
    /// it, is one hand of it — learned hands separately before, now played together. The
    /// played side's extra keys cost in the alignment, the reference's unplayed keys do not, so
    /// both hands played against one cannot match while one hand against both can.
    private func containedMatch(
        _ reference: [PitchSet],
        in sets: [PitchSet],
        known index: Int
    ) -> (match: Match, score: Double)? {
        var aligner = JumpAligner(configuration: configuration)
        aligner.overhangCost = 0
        let assembler = ReferenceAssembler(configuration: configuration)
        let result = aligner.align(sets, to: reference)
        guard assembler.overlaps(result, count: sets.count, referenceLength: reference.count),
            result.score >= configuration.minimumKnownMatchScore * Double(min(reference.count, sets.count)),
            let overlap = assembler.mainSegment(result, played: sets, reference: reference)
        else { return nil }
        // A jump aligner maps a long piece onto a short one many times over: what is contained
        // must run alongside without jumps over most of one of the two.
        let length = overlap.last - overlap.first + 1
        let span = overlap.lastPosition - overlap.firstPosition + 1
        let share = configuration.minimumContainedShare
        guard length >= configuration.minimumKnownEdgeOverlap,
            Double(length) >= share * Double(sets.count) || Double(span) >= share * Double(reference.count)
        else { return nil }
        var positions = [Int?](repeating: nil, count: reference.count)
        for (knownPosition, step) in result.steps.enumerated() {
            if let position = step.position, positions[position] == nil { positions[position] = knownPosition }
        }
        return (Match(known: index, positions: positions, overlap: nil, containedOverlap: overlap), result.score)
    }

    /// Whether the session material's head runs on from the known one's tail, or its tail into
    /// the known one's head (both within `fingerprintEdgeReach`), over at least
    /// `minimumKnownEdgeOverlap` events of which `minimumKnownEdgeSolidShare` are exact copies:
    /// the next section of a piece met before, with the bars where the two sessions met.
    private func joinsAtAnEdge(_ overlap: ReferenceAssembler.MainOverlap?, count: Int, knownCount: Int) -> Bool {
        guard let overlap else { return false }
        let reach = configuration.fingerprintEdgeReach
        let length = overlap.last - overlap.first + 1
        guard length >= configuration.minimumKnownEdgeOverlap else { return false }
        let solid = overlap.solid[overlap.first...overlap.last].filter { $0 }.count
        guard Double(solid) >= configuration.minimumKnownEdgeSolidShare * Double(length) else { return false }
        let tailIntoHead = overlap.firstPosition <= reach && overlap.last >= count - 1 - reach
        let headFromTail = overlap.lastPosition >= knownCount - 1 - reach && overlap.first <= reach
        return tailIntoHead || headFromTail
    }

    /// A stand-in event carrying only pitches (for the line fingerprints).
    private static func event(_ pitches: PitchSet) -> OnsetEvent {
        OnsetEvent(
            time: 0,
            release: 0,
            end: 0,
            pitches: pitches,
            notes: 0..<0,
            top: pitches.isEmpty ? 0 : pitches.highest,
            bottom: pitches.isEmpty ? 0 : pitches.lowest
        )
    }
}
