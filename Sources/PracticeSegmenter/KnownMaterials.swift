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
            let matches =
                assembler.overlaps(result, count: reference.count, referenceLength: sets.count)
                && result.score >= configuration.minimumKnownMatchScore * Double(min(reference.count, sets.count))
            guard matches || joinsAtAnEdge(overlap, count: reference.count, knownCount: sets.count) else { continue }
            if best == nil || result.score > best!.score {
                best = (Match(known: index, positions: result.steps.map(\.position), overlap: overlap), result.score)
            }
        }
        return best?.match
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
