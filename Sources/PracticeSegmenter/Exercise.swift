/// One exercise inside a technique step, named by its shape and key: "D minor scale (harmonic),
/// 2 octaves, hands together". Found by ``ExerciseRecognizer``; the step keeps its boundaries,
/// kind and material, exercises only say what it was made of.
public struct Exercise: Hashable, Sendable, Codable {
    /// What kind of exercise, from the shape of its line.
    public enum Kind: String, Codable, Hashable, Sendable, CaseIterable {
        /// A major or minor scale (hands together, alone or in contrary motion).
        case scale
        case chromaticScale = "chromatic-scale"
        /// The notes of one chord, up and down in long runs.
        case arpeggio
        /// Chords broken into figures, moved along the degrees of a key (or on one chord).
        case brokenChords = "broken-chords"
        /// Double notes: a scale in thirds, sixths or octaves (solid or broken).
        case thirds, sixths, octaves
        /// A short stepwise figure repeated on successive degrees (Hanon No. 1 and the like).
        case hanon
        /// Up and down within a fifth.
        case fiveFinger = "five-finger"
        /// Technique, but no named shape fits.
        case exercise
    }

    /// The scale or chord the exercise is built on.
    public enum Mode: String, Codable, Hashable, Sendable, CaseIterable {
        case major
        /// Natural minor, or minor whose sixth and seventh degrees were not heard.
        case minor
        case harmonicMinor = "harmonic-minor"
        case melodicMinor = "melodic-minor"
        /// Arpeggios only.
        case dominantSeventh = "dominant-7th"
        case diminishedSeventh = "diminished-7th"

        /// True for the modes that name a key (major and the minors).
        public var isKey: Bool { self != .dominantSeventh && self != .diminishedSeventh }
    }

    /// How the hands play: both in parallel (lines an octave or more apart), in contrary motion,
    /// or one line alone — left or right by its register against middle C, `oneHand` when the
    /// register does not tell.
    public enum Hands: String, Codable, Hashable, Sendable, CaseIterable {
        case together, contrary, left, right
        case oneHand = "one-hand"
    }

    /// Nanoseconds from the start of the session: first onset, last sound end.
    public var start: Int64
    public var end: Int64
    public var kind: Kind
    /// Pitch class of the tonic (the root for arpeggios, the first note for chromatic scales):
    /// 0 = C … 11 = B; nil when the notes do not tell it.
    public var tonic: Int?
    public var mode: Mode?
    /// Range of the leading line in whole octaves; nil below an octave or when the range is not
    /// close to whole octaves.
    public var octaves: Int?
    public var hands: Hands?
    /// "D minor scale (harmonic), 2 octaves, hands together".
    public var label: String
    /// Indices into the session's notes (sorted by onset) inside the exercise.
    public var notes: Range<Int>
    /// Lowest and highest MIDI keys played.
    public var lowest: UInt8
    public var highest: UInt8

    public init(
        start: Int64,
        end: Int64,
        kind: Kind,
        tonic: Int? = nil,
        mode: Mode? = nil,
        octaves: Int? = nil,
        hands: Hands? = nil,
        label: String? = nil,
        notes: Range<Int>,
        lowest: UInt8 = 0,
        highest: UInt8 = 0
    ) {
        self.start = start
        self.end = end
        self.kind = kind
        self.tonic = tonic
        self.mode = mode
        self.octaves = octaves
        self.hands = hands
        self.notes = notes
        self.lowest = lowest
        self.highest = highest
        self.label = ""
        self.label = label ?? fullLabel
    }
}

extension Exercise {
    /// The tonic spelled as the usual key signature spells it: B♭ major, D♭ major, F♯ minor,
    /// E♭ minor, G♯ minor; notes that name no key (chromatic scales, diminished chords) as the
    /// minor keys do (C♯, E♭, F♯, G♯, B♭).
    public var tonicName: String? {
        guard let tonic else { return nil }
        let pitchClass = ((tonic % 12) + 12) % 12
        let majorNames = ["C", "D♭", "D", "E♭", "E", "F", "F♯", "G", "A♭", "A", "B♭", "B"]
        let otherNames = ["C", "C♯", "D", "E♭", "E", "F", "F♯", "G", "G♯", "A", "B♭", "B"]
        switch mode {
        case .major, .dominantSeventh: return majorNames[pitchClass]
        default: return otherNames[pitchClass]
        }
    }

    /// "D minor", "B♭ major"; nil for chords that name no key and when the tonic is unknown.
    public var keyName: String? {
        guard let name = tonicName, let mode, mode.isKey else { return nil }
        return name + (mode == .major ? " major" : " minor")
    }

    /// The name without range or hands, for summaries: "D minor scale", "C major arpeggio",
    /// "chromatic scale", "Hanon-like pattern in G major"; nil for an unnamed `exercise`.
    public var shortName: String? {
        let key = keyName
        switch kind {
        case .scale: return (key.map { $0 + " " } ?? "") + (hands == .contrary ? "contrary-motion scale" : "scale")
        case .chromaticScale: return "chromatic scale"
        case .arpeggio: return (chordName.map { $0 + " " } ?? "") + "arpeggio"
        case .brokenChords: return "broken chords" + (key.map { " in " + $0 } ?? "")
        case .thirds, .sixths, .octaves:
            return (key.map { $0 + " " } ?? "") + "scale in " + kind.rawValue
        case .hanon: return "Hanon-like pattern" + (key.map { " in " + $0 } ?? "")
        case .fiveFinger: return "five-finger pattern" + (key.map { " in " + $0 } ?? "")
        case .exercise: return nil
        }
    }

    /// "C major", "G dominant 7th", "B diminished 7th" for arpeggios and broken chords.
    private var chordName: String? {
        guard let name = tonicName, let mode else { return nil }
        switch mode {
        case .dominantSeventh: return name + " dominant 7th"
        case .diminishedSeventh: return name + " diminished 7th"
        default: return keyName
        }
    }

    /// Short name with the minor variant, the range (scales, arpeggios, double notes) and the
    /// hands: "D minor scale (harmonic), 2 octaves, hands together".
    var fullLabel: String {
        let key = keyName.map { $0 + " " } ?? ""
        let variant = mode == .harmonicMinor ? " (harmonic)" : mode == .melodicMinor ? " (melodic)" : ""
        let name: String
        switch kind {
        case .scale: name = key + "scale" + variant
        case .thirds, .sixths, .octaves: name = key + "scale" + variant + " in " + kind.rawValue
        case .chromaticScale: name = "chromatic scale" + (tonicName.map { " from " + $0 } ?? "")
        default: name = shortName ?? "exercise"
        }
        var parts = [name]
        if let octaves, [.scale, .chromaticScale, .arpeggio, .thirds, .sixths, .octaves].contains(kind) {
            parts.append(octaves == 1 ? "1 octave" : "\(octaves) octaves")
        }
        switch hands {
        case .together: parts.append("hands together")
        case .contrary: parts.append("contrary motion")
        case .left: parts.append("left hand")
        case .right: parts.append("right hand")
        case .oneHand: parts.append("one hand")
        case nil: break
        }
        return parts.joined(separator: ", ")
    }

    /// What a technique step made of `exercises` is called: the one exercise's label, or
    /// "warm-up: D minor scale, C major arpeggio" (the prefix only for the session's first
    /// playing step); "technique" when nothing was named. At most four names, then "…".
    public static func summary(_ exercises: [Exercise], isWarmUp: Bool) -> String {
        let named = exercises.filter { $0.kind != .exercise }
        if exercises.count == 1, let only = named.first { return only.label }
        var names: [String] = []
        for name in named.compactMap(\.shortName) where !names.contains(name) { names.append(name) }
        guard !names.isEmpty else { return "technique" }
        let shown = names.count > 4 ? names.prefix(4) + ["…"] : names[...]
        return (isWarmUp ? "warm-up: " : "") + shown.joined(separator: ", ")
    }
}
