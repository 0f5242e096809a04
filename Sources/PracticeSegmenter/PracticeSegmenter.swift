public import MIDICore

/// Works out what a practice session was made of: technique, repertoire takes and passages,
/// free play and breaks. Pure and deterministic: the same notes and configuration always give
/// the same segmentation.
///
/// Pipeline: notes → onset events (chords) → phrases (cut at silences) → materials (phrases
/// sharing pitch n-grams, assembled into a reference and aligned with jumps) → takes and
/// passages → technique or free play for the rest → steps with breaks.
/// Cost: O(E log E) for grouping and seeding E events plus O(E · L) alignment against
/// references of L events.
public struct PracticeSegmenter: Sendable {
    /// Changes whenever the segmentation of the same notes may change; stored with analyses.
    public static let version = 13

    public var configuration: SegmenterConfiguration

    public init(configuration: SegmenterConfiguration = .standard) {
        self.configuration = configuration
    }

    /// Segments one session.
    /// - Parameters:
    ///   - notes: the session's notes, any order (sorted by onset, then key, internally; the
    ///     note ranges in the result index that sorted order).
    ///   - pedalMoves: times (ns, any order) at which a pedal (sustain, sostenuto, soft) moved; a
    ///     take whose first note follows a pedal move after a pause starts at that move.
    ///   - trace: receives diagnostic lines (phrase features, materials) when given.
    ///   - known: materials the library knows (earlier sessions, reference scores); matches get
    ///     their library id and name, and bars when the known material has them.
    public func segment(
        _ notes: [Note],
        pedalMoves: [Int64] = [],
        known: [KnownMaterial] = [],
        trace: ((String) -> Void)? = nil
    ) -> Segmentation {
        let sorted = notes.sorted { ($0.onset, $0.key) < ($1.onset, $1.key) }
        let events = OnsetGrouping.events(sorted, spread: configuration.chordSpread)
        let phrases = PhraseSplitter.mergingFragments(
            PhraseSplitter.phrases(events, silence: configuration.phraseSilence),
            minimumEvents: configuration.minimumPhraseEvents,
            maximumGap: configuration.breakGap
        )
        let features = phrases.map {
            TechniqueFeatures(events[$0.events], notes: sorted, configuration: configuration)
        }
        let shaped = features.map { $0.score >= configuration.techniqueThreshold }
        // A short run shaped like a scale inside a piece is part of the piece; short exercises
        // come among other exercises.
        let isTechnique = shaped.indices.map { index in
            shaped[index]
                && (features[index].eventCount >= configuration.shortPhraseEvents
                    || (index > 0 && shaped[index - 1]) || (index + 1 < shaped.count && shaped[index + 1]))
        }
        var materials = MaterialFinder(configuration: configuration, trace: trace).find(
            events: events,
            phrases: phrases,
            isTechnique: isTechnique
        )

        var labels = [PhraseLabel](repeating: .free, count: phrases.count)
        var alignmentOfPhrase: [Int: JumpAligner.Result] = [:]
        for (materialIndex, material) in materials.enumerated() {
            for (phrase, alignment) in zip(material.phrases, material.alignments) {
                labels[phrase] = material.isTechnique ? .technique : .material(materialIndex)
                alignmentOfPhrase[phrase] = alignment
            }
        }
        for (index, feature) in features.enumerated() where alignmentOfPhrase[index] == nil {
            labels[index] = feature.score >= configuration.techniqueThreshold ? .technique : .free
        }
        PlayedThroughPass(configuration: configuration, trace: trace).apply(
            labels: &labels,
            materials: &materials,
            alignments: &alignmentOfPhrase,
            phrases: phrases,
            events: events,
            isTechniqueShaped: shaped
        )
        SectionJoinPass(configuration: configuration, trace: trace).apply(
            labels: &labels,
            materials: &materials,
            alignments: &alignmentOfPhrase,
            phrases: phrases,
            events: events
        )
        InterruptionPass(configuration: configuration).apply(
            labels: &labels,
            alignments: alignmentOfPhrase,
            phrases: phrases
        )
        absorbContinuations(&labels, alignments: alignmentOfPhrase, phrases: phrases, materials: materials)
        if let trace {
            for (index, material) in materials.enumerated() {
                let spans = zip(material.phrases, material.alignments).map { phrase, alignment in
                    let positions = alignment.steps.compactMap(\.position)
                    return "\(phrase):\(positions.first ?? -1)-\(positions.last ?? -1)"
                }
                trace("material m\(index + 1) length \(material.reference.count): " + spans.joined(separator: " "))
                for (phrase, alignment) in zip(material.phrases, material.alignments) {
                    let path = alignment.steps.map { ($0.jumped ? "J" : "") + ($0.position.map(String.init) ?? "-") }
                    trace("  path \(phrase): " + path.joined(separator: " "))
                }
            }
            for (index, phrase) in phrases.enumerated() {
                trace(
                    "phrase \(index) \(phrase.start.seconds.twoDecimals)-\(phrase.end.seconds.twoDecimals) "
                        + "\(labels[index]) tech=\(features[index].score.twoDecimals) \(features[index])"
                )
            }
        }
        let builder = StepBuilder(
            configuration: configuration,
            notes: sorted,
            events: events,
            phrases: phrases,
            materials: materials
        )
        var segmentation = builder.build(
            labels: labels,
            alignments: alignmentOfPhrase,
            features: features,
            known: known
        )
        TakeLeadIn(configuration: configuration).apply(
            to: &segmentation,
            notes: sorted,
            pedalMoves: pedalMoves.sorted()
        )
        return segmentation
    }
}

extension PracticeSegmenter {
    /// Playing that matches nothing but carries on seamlessly from the end of a material's
    /// reference, or leads seamlessly into its start, is more of that material: a run-through
    /// going beyond the bars practised. Relabels such phrases, chaining. O(P).
    func absorbContinuations(
        _ labels: inout [PhraseLabel],
        alignments: [Int: JumpAligner.Result],
        phrases: [Phrase],
        materials: [MaterialFinder.Material]
    ) {
        func reach(_ material: Int) -> Int {
            max(configuration.continuationReach, materials[material].reference.count / 10)
        }
        var open: Int?
        for index in phrases.indices {
            if case .material(let material) = labels[index] {
                let furthest = alignments[index]?.steps.compactMap(\.position).max() ?? 0
                open = furthest >= materials[material].reference.count - 1 - reach(material) ? material : nil
            } else if let material = open, index > 0, labels[index] == .free,
                phrases[index].start - phrases[index - 1].end <= configuration.seamlessGap
            {
                labels[index] = .material(material)
            } else {
                open = nil
            }
        }
        var leading: Int?
        for index in phrases.indices.reversed() {
            if case .material(let material) = labels[index] {
                let first = alignments[index]?.steps.compactMap(\.position).first ?? Int.max
                leading = first <= reach(material) ? material : nil
            } else if let material = leading, index + 1 < phrases.count, labels[index] == .free,
                phrases[index + 1].start - phrases[index].end <= configuration.seamlessGap
            {
                labels[index] = .material(material)
            } else {
                leading = nil
            }
        }
    }
}

enum PhraseLabel: Equatable, CustomStringConvertible {
    case material(Int)
    case technique
    case free

    var description: String {
        switch self {
        case .material(let index): "m\(index + 1)"
        case .technique: "technique"
        case .free: "free"
        }
    }
}

extension Double {
    var twoDecimals: String { String(format2: self) }
}

extension String {
    /// Two decimals without Foundation.
    init(format2 value: Double) {
        let scaled = Int((value * 100).rounded())
        let sign = scaled < 0 ? "-" : ""
        let magnitude = abs(scaled)
        let fraction = magnitude % 100
        self = "\(sign)\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
