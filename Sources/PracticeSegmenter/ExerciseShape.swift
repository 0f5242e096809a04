/// How the hands share the notes of one exercise, and the line that carries its shape.
///
/// Octave-doubled events (the upper half of the keys an octave or two above the lower half) are
/// both hands in parallel, the upper half being the right hand's part; two lines moving apart
/// and together are contrary motion, whose upper line is read; anything else is one hand, read
/// whole (double notes stay double). O(n) over the events.
struct ExerciseTexture {
    var hands: Exercise.Hands?
    /// Keys of the part that is read, per event, ascending.
    var part: [[UInt8]]
    /// The part's leading line: its lowest key per event.
    var line: [Int]
    /// Octave doubling within one hand (both lines on one side of middle C).
    var octavesInOneHand = false

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
            part = keys.map { $0.last.map { [$0] } ?? [] }
            hands = .contrary
        } else if let doubling, doubling.value * 10 >= multi * 6 {
            part = Self.upperParts(keys, interval: doubling.key)
            if lowest >= 60 || highest < 60 {
                octavesInOneHand = true
                hands = lowest >= 60 ? .right : .left
            } else {
                hands = .together
            }
        } else {
            part = keys
            hands = Self.side(lowest: lowest, highest: highest)
        }
        line = part.map { Int($0.first ?? 0) }
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

    /// The right hand's part of octave-doubled events; a lone key (the other hand's dropped)
    /// stands for the part at whichever of its two octaves is nearer the line.
    private static func upperParts(_ keys: [[UInt8]], interval: Int) -> [[UInt8]] {
        var previous: Int?
        return keys.map { set in
            var part: [UInt8]
            if doubling(set) != nil {
                part = Array(set.suffix(set.count / 2))
            } else if set.count == 1, let last = previous {
                let key = Int(set[0])
                part = [UInt8(abs(key - last) <= abs(key + interval - last) ? key : min(key + interval, 127))]
            } else {
                part = Array(set.suffix(1))
            }
            previous = part.first.map(Int.init) ?? previous
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
        /// Template classes never played.
        var missing: Int
        /// Evidence for the tonic from the line (see ``Ends/evidence(_:)``).
        var evidence: Int
        var score: Double { inside - 0.1 * Double(missing) }
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
    static func best(_ templates: [(Exercise.Mode, [Int])], histogram: [Int], line: [Int]) -> Fit? {
        let total = histogram.reduce(0, +)
        guard total > 0 else { return nil }
        let ends = Ends(line)
        var fits: [Fit] = []
        for (mode, steps) in templates {
            for tonic in 0..<12 {
                let classes = steps.map { (tonic + $0) % 12 }
                let inside = classes.reduce(0) { $0 + histogram[$1] }
                fits.append(
                    Fit(
                        tonic: tonic,
                        mode: mode,
                        inside: Double(inside) / Double(total),
                        missing: classes.filter { histogram[$0] == 0 }.count,
                        evidence: ends.evidence(tonic)
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
