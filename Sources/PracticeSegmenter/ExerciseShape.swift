/// How the hands share the notes of one exercise, and the line that carries its shape.
///
/// Octave-doubled events (the upper half of the keys an octave or two above the lower half) are
/// both hands in parallel, the upper half being the right hand's part; two lines moving apart
/// and together are contrary motion, whose upper line is read; anything else is one hand, read
/// whole (double notes stay double). O(n) over the events.
struct ExerciseTexture {
    var hands: Exercise.Hands?
    /// Keys of the part that is read, per event, ascending; empty where the event holds only
    /// the other hand's notes.
    var part: [[UInt8]]
    /// The part's leading line: its lowest key per event that has one.
    var line: [Int]
    /// The same, per event (nil where the part has no key).
    var lineOfEvent: [Int?]

    init(_ events: ArraySlice<OnsetEvent>) {
        let keys = events.map { $0.pitches.keys }
        var multi = 0
        var doublings: [Int: Int] = [:]
        for set in keys where set.count >= 2 {
            multi += 1
            if let interval = Self.doubling(set) { doublings[interval, default: 0] += 1 }
        }
        var contrary = 0
        var parallel = 0
        for (a, b) in zip(events, events.dropFirst()) where a.pitches.count >= 2 && b.pitches.count >= 2 {
            let product = (Int(b.top) - Int(a.top)) * (Int(b.bottom) - Int(a.bottom))
            if product < 0 { contrary += 1 } else if product > 0 { parallel += 1 }
        }
        let doubling = doublings.max { ($0.value, -$0.key) < ($1.value, -$1.key) }
        let lowest = keys.lazy.compactMap(\.first).min() ?? 60
        let highest = keys.lazy.compactMap(\.last).max() ?? 60
        if multi * 2 < keys.count {
            part = Self.followed(keys)
            hands = Self.side(lowest: lowest, highest: highest)
        } else if contrary > parallel, contrary * 2 >= keys.count - 1 {
            part = Self.upperLine(keys)
            hands = .contrary
        } else if let doubling, doubling.value * 10 >= multi * 6 {
            // Octave doubling could be one hand's octaves too, but hands together is far the
            // more common reading (and the register does not tell them apart).
            part = Self.upperParts(keys, interval: doubling.key)
            hands = .together
        } else {
            part = keys
            hands = Self.side(lowest: lowest, highest: highest)
        }
        lineOfEvent = part.map { $0.first.map(Int.init) }
        line = lineOfEvent.compactMap { $0 }
    }

    /// The upper line of contrary motion; a lone key nearer the lower line than the upper is the
    /// other hand's (the upper one's was dropped).
    private static func upperLine(_ keys: [[UInt8]]) -> [[UInt8]] {
        var upper: Int?
        var lower: Int?
        return keys.map { set in
            guard let top = set.last.map(Int.init), let bottom = set.first.map(Int.init) else { return [] }
            if set.count >= 2 {
                (upper, lower) = (top, bottom)
                return [UInt8(top)]
            }
            if let above = upper, let below = lower, abs(top - below) < abs(top - above) {
                lower = top
                return []
            }
            upper = top
            return [UInt8(top)]
        }
    }

    /// The interval (12, 24, …) by which the upper half of the keys doubles the lower half.
    static func doubling(_ keys: [UInt8]) -> Int? {
        guard keys.count % 2 == 0 else { return nil }
        let half = keys.count / 2
        let interval = Int(keys[half]) - Int(keys[0])
        guard interval > 0, interval % 12 == 0 else { return nil }
        for index in 1..<half where Int(keys[half + index]) - Int(keys[index]) != interval { return nil }
        return interval
    }

    /// Right for a line from middle C up, left for one below it; a line crossing it is right
    /// when the middle of its range lies from the E above up, left from the A♭ below down, and
    /// `oneHand` between, where either hand plays.
    static func side(lowest: UInt8, highest: UInt8) -> Exercise.Hands {
        if lowest >= 60 { return .right }
        if highest < 60 { return .left }
        let centre = (Int(lowest) + Int(highest)) / 2
        return centre >= 64 ? .right : centre <= 56 ? .left : .oneHand
    }

    /// One line: of several keys struck together, the one nearest the line so far.
    private static func followed(_ keys: [[UInt8]]) -> [[UInt8]] {
        var previous: Int?
        return keys.map { set in
            guard set.count > 1, let last = previous else {
                previous = set.first.map(Int.init) ?? previous
                return Array(set.prefix(1))
            }
            let nearest = set.min { abs(Int($0) - last) < abs(Int($1) - last) }!
            previous = Int(nearest)
            return [nearest]
        }
    }

    /// The right hand's part of octave-doubled events. A lone key (the other hand's dropped)
    /// nearer the left hand's last note than the right's is the left's: the part lies an
    /// `interval` above it.
    private static func upperParts(_ keys: [[UInt8]], interval: Int) -> [[UInt8]] {
        // Until the first doubled event, the hands are placed as it places them.
        let first = keys.first { doubling($0) != nil }
        var upper = first.map { Int($0[$0.count / 2]) }
        var lower = first.map { Int($0[0]) }
        return keys.map { set in
            var part: [UInt8]
            if doubling(set) != nil {
                part = Array(set.suffix(set.count / 2))
                lower = Int(set[0])
            } else if set.count == 1, let above = upper, let below = lower {
                let key = Int(set[0])
                if abs(key - below) < abs(key - above) {
                    part = [UInt8(min(key + interval, 127))]
                    lower = key
                } else {
                    part = [UInt8(key)]
                }
            } else {
                part = Array(set.suffix(1))
            }
            upper = part.first.map(Int.init) ?? upper
            return part
        }
    }
}

/// Scales and chords as pitch-class templates, matched against how often each pitch class was
/// played; the tonic among equally good fits is the one at the line's extremes and ends.
enum KeyTemplates {
    struct Fit {
        var tonic: Int
        var mode: Exercise.Mode
        /// Share of the notes inside the template.
        var inside: Double
        /// Template classes never played, or hardly (see ``best(_:histogram:line:)``).
        var missing: Int
        /// Evidence for the tonic from the line (see ``Ends/evidence(_:)``).
        var evidence: Int
        /// What a missing class costs: 0.1 for scales, 0.3 for chords, whose every tone counts.
        var missingCost = 0.1
        var score: Double { inside - missingCost * Double(missing) }
    }

    /// Scale steps of each degree from the tonic, in semitones (melodic minor: the union of its
    /// rising and falling forms).
    static let scales: [(Exercise.Mode, [Int])] = [
        (.major, [0, 2, 4, 5, 7, 9, 11]),
        (.minor, [0, 2, 3, 5, 7, 8, 10]),
        (.harmonicMinor, [0, 2, 3, 5, 7, 8, 11]),
        (.melodicMinor, [0, 2, 3, 5, 7, 8, 9, 10, 11]),
    ]

    static let chords: [(Exercise.Mode, [Int])] = [
        (.major, [0, 4, 7]), (.minor, [0, 3, 7]), (.dominantSeventh, [0, 4, 7, 10]),
        (.diminishedSeventh, [0, 3, 6, 9]),
    ]

    /// The starting semitone of each of the 7 degrees: where degree numbers come from.
    static func degreeSteps(_ mode: Exercise.Mode) -> [Int] {
        switch mode {
        case .major: [0, 2, 4, 5, 7, 9, 11]
        case .harmonicMinor: [0, 2, 3, 5, 7, 8, 11]
        default: [0, 2, 3, 5, 7, 8, 10]
        }
    }

    /// The notes of a line that tell its tonic: first, last, lowest, highest.
    struct Ends {
        var first = 0
        var last = 0
        var low = 0
        var high = 0

        init(_ line: [Int]) {
            guard let first = line.first, let last = line.last, let low = line.min(), let high = line.max() else {
                return
            }
            (self.first, self.last, self.low, self.high) = (first, last, low, high)
        }

        /// 2 for the lowest note's pitch class, 1 each for the first, last and highest: scales
        /// and arpeggios start, turn and end on their tonic, patterns start on it.
        func evidence(_ pitchClass: Int) -> Int {
            (low % 12 == pitchClass ? 2 : 0) + (first % 12 == pitchClass ? 1 : 0) + (last % 12 == pitchClass ? 1 : 0)
                + (high % 12 == pitchClass ? 1 : 0)
        }
    }

    /// The best template: fits within 0.02 of the best score are equal, among them the most
    /// evidence wins, then the template listed first (major before minor). O(12·templates).
    static func best(
        _ templates: [(Exercise.Mode, [Int])],
        histogram: [Int],
        line: [Int],
        chords: Bool = false
    )
        -> Fit?
    {
        let total = histogram.reduce(0, +)
        guard total > 0 else { return nil }
        let ends = Ends(line)
        var fits: [Fit] = []
        for (mode, steps) in templates {
            for tonic in 0..<12 {
                let classes = steps.map { (tonic + $0) % 12 }
                let inside = classes.reduce(0) { $0 + histogram[$1] }
                // A class played less than half as often as the template's average is wrong
                // notes: as good as missing. For chords also one played once where each could
                // have been played twice (a stray F makes no G dominant 7th of a G arpeggio).
                let weak = classes.filter {
                    2 * histogram[$0] * classes.count < inside
                        || (chords && histogram[$0] < 2 && inside + 1 >= 2 * classes.count)
                }.count
                fits.append(
                    Fit(
                        tonic: tonic,
                        mode: mode,
                        inside: Double(inside) / Double(total),
                        missing: weak,
                        evidence: ends.evidence(tonic),
                        missingCost: chords ? 0.3 : 0.1
                    )
                )
            }
        }
        guard let top = fits.map(\.score).max() else { return nil }
        let equal = fits.filter { $0.score >= top - 0.02 }
        let evidence = equal.map(\.evidence).max()
        return equal.first { $0.evidence == evidence }
    }
}
