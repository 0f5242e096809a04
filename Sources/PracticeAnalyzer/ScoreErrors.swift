public import PracticeSegmenter

/// Where in the score a take went wrong: one wrong, missing or extra note with its printed
/// bar and beat, when the take was judged against its piece's score.
///
/// In JSON (the report's `takes[].errorPlaces`): `{"kind": "wrong", "bar": 21, "beat": 2.5,
/// "key": 64, "time": 81.234}`, with `"barLabel": "12a"` when the printed label is more than
/// a number.
public struct ErrorPlace: Codable, Hashable, Sendable {
    public enum Kind: String, Codable, Hashable, Sendable {
        case wrong, missing, extra
    }

    public var kind: Kind
    /// Printed label of the bar ("21", "12a", "0" for a pickup).
    public var bar: String
    /// Beat within the bar, from 1, in the time signature's beat unit: of the note left out, or
    /// of the chord at whose place the key was played (for a key between two chords, the first).
    public var beat: Double
    /// MIDI key played (wrong, extra) or left out (missing).
    public var key: UInt8
    /// Seconds from the start of the session: when the key was played, or when the note left
    /// out was due.
    public var time: Double

    public init(kind: Kind, bar: String, beat: Double, key: UInt8, time: Double) {
        self.kind = kind
        self.bar = bar
        self.beat = beat
        self.key = key
        self.time = time
    }

    private enum CodingKeys: String, CodingKey {
        case kind, bar, barLabel, beat, key, time
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try BarLabelCoding.encode(bar, in: &container, number: .bar, label: .barLabel)
        try container.encode(beat, forKey: .beat)
        try container.encode(key, forKey: .key)
        try container.encode(time, forKey: .time)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        kind = try container.decode(Kind.self, forKey: .kind)
        bar = try BarLabelCoding.decode(container, number: .bar, label: .barLabel)
        beat = try container.decode(Double.self, forKey: .beat)
        key = try container.decode(UInt8.self, forKey: .key)
        time = try container.decode(Double.self, forKey: .time)
    }
}

/// One printed bar of a piece over a session's takes judged against its score: how many of
/// them played it, and how many of those went wrong in it.
///
/// In JSON (the report's `materials[].barErrors`): `{"bar": 21, "takes": 8,
/// "takesWithErrors": 6, "errors": 9}`, with `"barLabel"` as in ``ErrorPlace``.
public struct BarErrors: Codable, Hashable, Sendable {
    /// Printed label of the bar.
    public var bar: String
    /// Judged takes whose aligned stretch of the score included the bar.
    public var takes: Int
    /// Of those, the takes with at least one error in it.
    public var takesWithErrors: Int
    /// Wrong, missing and extra notes in it over all those takes.
    public var errors: Int

    public init(bar: String, takes: Int, takesWithErrors: Int, errors: Int) {
        self.bar = bar
        self.takes = takes
        self.takesWithErrors = takesWithErrors
        self.errors = errors
    }

    private enum CodingKeys: String, CodingKey {
        case bar, barLabel, takes, takesWithErrors, errors
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try BarLabelCoding.encode(bar, in: &container, number: .bar, label: .barLabel)
        try container.encode(takes, forKey: .takes)
        try container.encode(takesWithErrors, forKey: .takesWithErrors)
        try container.encode(errors, forKey: .errors)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        bar = try BarLabelCoding.decode(container, number: .bar, label: .barLabel)
        takes = try container.decode(Int.self, forKey: .takes)
        takesWithErrors = try container.decode(Int.self, forKey: .takesWithErrors)
        errors = try container.decode(Int.self, forKey: .errors)
    }
}

/// Bars that need work: a run of adjacent bars in which the same number of the same judged
/// takes went wrong — "bars 21–22: errors in 6 of 8 takes".
///
/// In JSON (the report's `materials[].barsNeedingWork`): `{"bars": {"first": 21, "last": 22},
/// "takes": 8, "takesWithErrors": 6, "errors": 11}`.
public struct BarsNeedingWork: Codable, Hashable, Sendable {
    /// The printed bars, first to last.
    public var bars: BarRange
    /// Judged takes that played these bars.
    public var takes: Int
    /// Of those, the takes with errors in every one of these bars.
    public var takesWithErrors: Int
    /// Wrong, missing and extra notes in these bars over all those takes.
    public var errors: Int

    public init(bars: BarRange, takes: Int, takesWithErrors: Int, errors: Int) {
        self.bars = bars
        self.takes = takes
        self.takesWithErrors = takesWithErrors
        self.errors = errors
    }

    /// takesWithErrors ÷ takes.
    public var share: Double { takes == 0 ? 0 : Double(takesWithErrors) / Double(takes) }

    /// "bars 21–22: errors in 6 of 8 takes".
    public var summary: String {
        "\(bars.name): errors in \(takesWithErrors) of \(takes) take\(takes == 1 ? "" : "s")"
    }

    /// Runs of bars with errors, in printed order: adjacent bars (consecutive numbers; "12"
    /// and "12a" are adjacent too) with the same counts of takes and takes with errors are
    /// one run. O(bars).
    public static func runs(_ bars: [BarErrors]) -> [BarsNeedingWork] {
        var runs: [BarsNeedingWork] = []
        var previous: BarErrors?
        for bar in bars {
            defer { previous = bar }
            guard bar.takesWithErrors > 0 else { continue }
            if let previous, var last = runs.last, previous.takesWithErrors == bar.takesWithErrors,
                previous.takes == bar.takes, last.bars.last == previous.bar, adjacent(previous.bar, bar.bar)
            {
                last.bars.last = bar.bar
                last.errors += bar.errors
                runs[runs.count - 1] = last
            } else {
                runs.append(
                    BarsNeedingWork(
                        bars: BarRange(first: bar.bar, last: bar.bar),
                        takes: bar.takes,
                        takesWithErrors: bar.takesWithErrors,
                        errors: bar.errors
                    )
                )
            }
        }
        return runs
    }

    /// The runs that need work most: the largest share of takes with errors first, then the
    /// most errors, then in printed order; at most `limit`.
    public static func worst(_ runs: [BarsNeedingWork], limit: Int) -> [BarsNeedingWork] {
        let order = runs.indices.sorted { a, b in
            let left = runs[a]
            let right = runs[b]
            if left.share != right.share { return left.share > right.share }
            if left.errors != right.errors { return left.errors > right.errors }
            return a < b
        }
        return order.prefix(limit).map { runs[$0] }
    }

    private static func adjacent(_ first: String, _ second: String) -> Bool {
        guard let a = BarRange.number(first), let b = BarRange.number(second) else { return false }
        return b == a + 1 || (b == a && first != second)
    }
}

/// A printed bar label in JSON: its number, and the label itself when it is more than that.
enum BarLabelCoding {
    static func encode<Key: CodingKey>(
        _ label: String,
        in container: inout KeyedEncodingContainer<Key>,
        number: Key,
        label labelKey: Key
    ) throws {
        let value = BarRange.number(label)
        try container.encodeIfPresent(value, forKey: number)
        if value.map(String.init) != label { try container.encode(label, forKey: labelKey) }
    }

    static func decode<Key: CodingKey>(
        _ container: KeyedDecodingContainer<Key>,
        number: Key,
        label: Key
    ) throws -> String {
        try container.decodeIfPresent(String.self, forKey: label)
            ?? String(try container.decode(Int.self, forKey: number))
    }
}
