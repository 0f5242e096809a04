import MIDICore

/// What a stretch of practice was, in the vocabulary of the report schema `woodshed.report.v1`.
public enum StepKind: String, Codable, Hashable, Sendable, CaseIterable {
    /// Scales, arpeggios, exercises: the basics.
    case technique
    /// Work on a piece: material that is repeated, known from the library or a reference.
    case repertoire
    /// Playing that is neither: improvising, sight-reading something once.
    case free
    /// A break with no playing.
    case rest
}

/// One attempt at a passage of a material.
public struct Take: Hashable, Sendable, Codable {
    /// Nanoseconds from the start of the session.
    public var start: Int64
    public var end: Int64
    /// Passage id, stable within the material, e.g. "m2/p3".
    public var passage: String
    /// False when the take stopped early (abandoned before the end of its passage).
    public var complete: Bool
    /// Where in the material the take starts and ends, in material positions (units of the
    /// material's reference sequence; bars when a reference piece with bars is known).
    public var from: Double
    public var to: Double
    /// Indices into the session's notes (sorted by onset) that this take covers.
    public var notes: Range<Int>
    /// Bars of the reference score the take starts and ends in, when the material matched one.
    public var fromBar: Double?
    public var toBar: Double?
    /// The printed bars (and beats, and the hand playing alone) of the take, when the material
    /// matched a score read with its bars.
    public var bars: BarRange?
    /// The tempo against the score's marked tempo over the bars played (0.7: at 70 % of
    /// ♩ = 120), when the material matched a score that marks one.
    public var scoreTempo: Double?

    public init(start: Int64, end: Int64, passage: String, complete: Bool, from: Double, to: Double, notes: Range<Int>)
    {
        self.start = start
        self.end = end
        self.passage = passage
        self.complete = complete
        self.from = from
        self.to = to
        self.notes = notes
    }
}

/// A stretch of time doing one thing on one material.
public struct PracticeStep: Hashable, Sendable, Codable {
    public var start: Int64
    public var end: Int64
    public var kind: StepKind
    /// Material id within the session ("m1", …); nil for rest. The same id whenever the same
    /// piece or exercise comes back.
    public var material: String?
    /// Human label: "D minor scale, 3 octaves, hands together", "Für Elise", "free play", "break".
    public var label: String
    /// Attempts, for repertoire (and technique, where a pattern is restarted).
    public var takes: [Take]
    /// Indices into the session's notes (sorted by onset) inside this step.
    public var notes: Range<Int>
    /// The exercises a technique step was made of, in time order (empty for other kinds, and
    /// in analyses stored before exercises were named).
    public var exercises: [Exercise]

    public init(
        start: Int64,
        end: Int64,
        kind: StepKind,
        material: String?,
        label: String,
        takes: [Take] = [],
        notes: Range<Int>,
        exercises: [Exercise] = []
    ) {
        self.start = start
        self.end = end
        self.kind = kind
        self.material = material
        self.label = label
        self.takes = takes
        self.notes = notes
        self.exercises = exercises
    }

    enum CodingKeys: String, CodingKey {
        case start, end, kind, material, label, takes, notes, exercises
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        start = try container.decode(Int64.self, forKey: .start)
        end = try container.decode(Int64.self, forKey: .end)
        kind = try container.decode(StepKind.self, forKey: .kind)
        material = try container.decodeIfPresent(String.self, forKey: .material)
        label = try container.decode(String.self, forKey: .label)
        takes = try container.decode([Take].self, forKey: .takes)
        notes = try container.decode(Range<Int>.self, forKey: .notes)
        exercises = try container.decodeIfPresent([Exercise].self, forKey: .exercises) ?? []
    }
}

/// A piece or exercise recognised in a session.
public struct MaterialSummary: Hashable, Sendable, Codable {
    /// Session-local id ("m1", …) as used by steps.
    public var id: String
    public var kind: StepKind
    /// Display name: the user's name for it, the reference piece, or a description.
    public var name: String
    /// Library id when the material was matched to (or stored as) a known material.
    public var libraryID: Int64?
    /// True when the material was first seen in this session.
    public var isNew: Bool
    /// Length of the material's reference in positions (events), the unit of `Take.from/to`.
    public var length: Int = 0
    /// The title and printed bars of the score the material matched, when it matched one.
    public var scoreTitle: String?
    public var barCount: Int?

    public init(id: String, kind: StepKind, name: String, libraryID: Int64? = nil, isNew: Bool = true) {
        self.id = id
        self.kind = kind
        self.name = name
        self.libraryID = libraryID
        self.isNew = isNew
    }
}

extension MaterialSummary {
    /// The name a piece has in the library until the user names it: "Piece #7".
    public static func automaticName(libraryID: Int64) -> String { "Piece #\(libraryID)" }

    /// True for a name the user (or a reference score) gave, false for an automatic one —
    /// session-local ("piece 1") or library ("Piece #7"). Only given names make tags.
    public var hasGivenName: Bool {
        guard let libraryID else { return false }
        return name != Self.automaticName(libraryID: libraryID)
    }
}

/// The segmenter's answer for one session: steps in time order, materials, duration.
public struct Segmentation: Hashable, Sendable, Codable {
    /// Length of the session in nanoseconds.
    public var duration: Int64
    public var steps: [PracticeStep]
    public var materials: [MaterialSummary]
    /// Fingerprints of this session's repertoire materials by material id, for the library to
    /// store (new materials) or refresh (known ones).
    public var fingerprints: [String: MaterialFingerprint]
    /// The printed bars each passage (by id, "m1/p2") covers, for materials that matched a score.
    public var passageBars: [String: BarRange]

    public init(
        duration: Int64,
        steps: [PracticeStep],
        materials: [MaterialSummary],
        fingerprints: [String: MaterialFingerprint] = [:],
        passageBars: [String: BarRange] = [:]
    ) {
        self.duration = duration
        self.steps = steps
        self.materials = materials
        self.fingerprints = fingerprints
        self.passageBars = passageBars
    }
}
