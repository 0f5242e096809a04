/// Where the events of a reference score's fingerprint are in the printed score: the played
/// bar and beat of each event, the staff of each key, the printed label of each played bar.
/// Arrays are parallel to ``MaterialFingerprint/events``; bars are in played order (repeats
/// unfolded), so a repeated bar appears once per time it is played, with the same label.
public struct ScorePlaces: Hashable, Sendable, Codable {
    /// The score's title, when it has one.
    public var title: String?
    /// Bars as printed (not counting a pickup or other implicit bar).
    public var barCount: Int
    /// Printed label of each played bar: "12", "12a", "0" for a pickup.
    public var labels: [String]
    /// Played bar (index into `labels`) of each event.
    public var eventBars: [Int]
    /// Beat of each event within its bar, from 1, in the time signature's beat unit.
    public var eventBeats: [Double]
    /// Staff of each key of each event (1 the upper staff — right hand — 2 the lower, 0 when
    /// unknown); nil when the score does not tell staves apart.
    public var staves: [[UInt8]]?
    /// Events that are grace notes, and events with a written ornament (trill, mordent, turn,
    /// tremolo): the performer plays other notes there than the fingerprint lists.
    public var graceEvents: [Int]
    public var ornamentEvents: [Int]
    /// Seconds of each event at the score's tempo marks, and the first mark (quarter notes per
    /// minute); nil when the score marks no tempo.
    public var eventSeconds: [Double]?
    public var tempo: Double?

    public init(
        title: String?,
        barCount: Int,
        labels: [String],
        eventBars: [Int],
        eventBeats: [Double],
        staves: [[UInt8]]? = nil,
        graceEvents: [Int] = [],
        ornamentEvents: [Int] = [],
        eventSeconds: [Double]? = nil,
        tempo: Double? = nil
    ) {
        self.title = title
        self.barCount = barCount
        self.labels = labels
        self.eventBars = eventBars
        self.eventBeats = eventBeats
        self.staves = staves
        self.graceEvents = graceEvents
        self.ornamentEvents = ornamentEvents
        self.eventSeconds = eventSeconds
        self.tempo = tempo
    }
}

/// The bars of the score a take (or passage) played, by their printed labels.
///
/// In JSON (the report's `takes[].bars`): `{"first": 21, "last": 24}` — the labels' numbers —
/// with `"firstLabel"`/`"lastLabel"` when a label is more than a number ("12a"), and
/// `"firstBeat"`, `"lastBeat"`, `"hands"` when known.
public struct BarRange: Hashable, Sendable, Codable {
    /// Printed labels of the first and last bar ("21", "12a").
    public var first: String
    public var last: String
    /// The beat the take starts on when its bar has notes before it; nil from the bar's start.
    public var firstBeat: Double?
    /// The beat of its last note when the bar has notes after it; nil when it plays to the
    /// bar's end.
    public var lastBeat: Double?
    /// The hand whose staff played alone, when the other staff's notes were left out.
    public var hands: Hand?
    /// Other bars of the score with the same notes (a recapitulation, a written-out repeat):
    /// the notes alone cannot tell which of them was played.
    public var sameAs: [BarRange] = []

    public enum Hand: String, Hashable, Sendable, Codable {
        case left, right
    }

    public init(first: String, last: String, firstBeat: Double? = nil, lastBeat: Double? = nil, hands: Hand? = nil) {
        self.first = first
        self.last = last
        self.firstBeat = firstBeat
        self.lastBeat = lastBeat
        self.hands = hands
    }

    /// "bar 12", "bars 21–24".
    public var name: String { first == last ? "bar \(first)" : "bars \(first)–\(last)" }

    /// The number a label starts with ("12a" → 12); nil for a label without one.
    public static func number(_ label: String) -> Int? {
        let digits = label.prefix { $0.isASCII && $0.isNumber }
        return digits.isEmpty ? nil : Int(digits)
    }

    private enum CodingKeys: String, CodingKey {
        case first, last, firstLabel, lastLabel, firstBeat, lastBeat, hands, sameAs
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(Self.number(first), forKey: .first)
        try container.encodeIfPresent(Self.number(last), forKey: .last)
        if Self.number(first).map(String.init) != first { try container.encode(first, forKey: .firstLabel) }
        if Self.number(last).map(String.init) != last { try container.encode(last, forKey: .lastLabel) }
        try container.encodeIfPresent(firstBeat, forKey: .firstBeat)
        try container.encodeIfPresent(lastBeat, forKey: .lastBeat)
        try container.encodeIfPresent(hands, forKey: .hands)
        if !sameAs.isEmpty { try container.encode(sameAs, forKey: .sameAs) }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        first =
            try container.decodeIfPresent(String.self, forKey: .firstLabel)
            ?? String(try container.decode(Int.self, forKey: .first))
        last =
            try container.decodeIfPresent(String.self, forKey: .lastLabel)
            ?? String(try container.decode(Int.self, forKey: .last))
        firstBeat = try container.decodeIfPresent(Double.self, forKey: .firstBeat)
        lastBeat = try container.decodeIfPresent(Double.self, forKey: .lastBeat)
        hands = try container.decodeIfPresent(Hand.self, forKey: .hands)
        sameAs = try container.decodeIfPresent([BarRange].self, forKey: .sameAs) ?? []
    }
}
