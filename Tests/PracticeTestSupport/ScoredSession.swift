public import MIDICore
public import PracticeSegmenter

/// A generated score with printed bars — a right-hand line of quarter notes over left-hand
/// notes on beats 1 and 3, 4/4 at ♩ = 120, no two neighbouring melody keys alike — and takes
/// of it played with chosen mistakes, so tests know in which bar and on which beat every error
/// is. Bar 3 opens with a grace note, bar 5 with a trill (the score's ornament flags).
public struct TestScore: Sendable {
    /// One event of the score: its keys, printed bar and beat.
    public struct Event: Sendable {
        public var keys: [UInt8]
        public var bar: Int
        public var beat: Double
        public var grace = false
        public var ornament = false
    }

    public private(set) var events: [Event] = []
    public let bars: Int
    /// Seconds per beat at the marked tempo.
    public static let beat = 0.5

    public init(bars: Int = 12, seed: UInt64 = 11) {
        self.bars = bars
        var state = seed
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        var melody = 72
        for bar in 1...bars {
            for beat in 1...4 {
                let step = [-3, -2, -1, 1, 2, 3][next(6)]
                melody = melody + step > 86 || melody + step < 62 ? melody - step : melody + step
                var keys = [UInt8(melody)]
                if beat % 2 == 1 { keys.insert(UInt8(40 + next(12)), at: 0) }
                if bar == 3 && beat == 1 {
                    events.append(Event(keys: [UInt8(melody + 2)], bar: bar, beat: 1, grace: true))
                }
                events.append(Event(keys: keys, bar: bar, beat: Double(beat), ornament: bar == 5 && beat == 1))
            }
        }
    }

    /// The melody (top) key of bar `bar`, beat `beat`.
    public func melody(bar: Int, beat: Int) -> UInt8 {
        events.first { $0.bar == bar && $0.beat == Double(beat) && !$0.grace }!.keys.last!
    }

    /// Seconds of an event from the start of the score (a grace note a tenth before its beat).
    func seconds(_ event: Event) -> Double {
        (Double((event.bar - 1) * 4) + event.beat - 1) * Self.beat - (event.grace ? 0.1 : 0)
    }

    /// The score's fingerprint, as ScoreReader makes one from a MusicXML score.
    public var fingerprint: MaterialFingerprint {
        let places = ScorePlaces(
            title: "Generated",
            barCount: bars,
            labels: (1...bars).map(String.init),
            eventBars: events.map { $0.bar - 1 },
            eventBeats: events.map(\.beat),
            staves: events.map { event in event.keys.map { $0 < 60 ? 2 : 1 } },
            graceEvents: events.indices.filter { events[$0].grace },
            ornamentEvents: events.indices.filter { events[$0].ornament },
            eventSeconds: events.map(seconds),
            tempo: 120
        )
        return MaterialFingerprint(
            events: events.map(\.keys),
            bars: events.map { Double($0.bar) + ($0.beat - 1) / 4 },
            score: places
        )
    }

    /// What a take does besides playing the notes as written.
    public enum Mistake: Sendable {
        /// The melody key of a beat played as ``wrongKey(bar:beat:)``.
        case wrong(bar: Int, beat: Int)
        /// The melody key of a beat left out.
        case missing(bar: Int, beat: Int)
        /// `key` struck a quarter of a beat's time after the beat.
        case extra(bar: Int, beat: Int, key: UInt8)
        /// The trill of bar 5 played as five alternating notes, and the grace note of bar 3.
        case ornaments
    }

    /// The key a `.wrong` mistake plays for the melody of bar `bar`, beat `beat`: a semitone or
    /// a tone away, a key neither its chord nor the chords beside it have, nor an octave of
    /// one — unmistakably a wrong note.
    public func wrongKey(bar: Int, beat: Int) -> UInt8 {
        let index = events.firstIndex { $0.bar == bar && $0.beat == Double(beat) && !$0.grace }!
        let near = events[max(0, index - 1)...min(events.count - 1, index + 1)].flatMap(\.keys)
        let melody = Int(events[index].keys.last!)
        return UInt8(
            [melody + 1, melody - 1, melody + 2, melody - 2].first { key in
                near.allSatisfy { (key - Int($0)) % 12 != 0 }
            }!
        )
    }

    /// A key no chord of bar `bar` from beat `beat` on has, nor an octave of it: a clear extra note.
    public func strayKey(bar: Int, beat: Int) -> UInt8 {
        let near = events.filter { $0.bar == bar && $0.beat >= Double(beat) && $0.beat <= Double(beat + 1) }
            .flatMap(\.keys)
        return (88...100).map(UInt8.init).first { key in near.allSatisfy { (Int(key) - Int($0)) % 12 != 0 } }!
    }

    /// The notes of bars `bars` played from `start` seconds at the marked tempo.
    public func take(_ bars: ClosedRange<Int>, start: Double, mistakes: [Mistake] = []) -> [Note] {
        var notes: [Note] = []
        func add(_ key: UInt8, _ seconds: Double, length: Double = Self.beat * 0.9) {
            let onset = Int64((seconds * 1e9).rounded())
            let end = onset + Int64(length * 1e9)
            notes.append(Note(onset: onset, release: end, end: end, key: key, velocity: 70))
        }
        let origin = seconds(events.first { $0.bar == bars.lowerBound && !$0.grace }!)
        let ornaments = mistakes.contains { if case .ornaments = $0 { true } else { false } }
        for event in events where bars.contains(event.bar) {
            let time = start + seconds(event) - origin
            if event.grace {
                if ornaments { add(event.keys[0], time, length: 0.08) }
                continue
            }
            for key in event.keys {
                var key = key
                let melody = key == event.keys.last
                if melody, mistakes.contains(where: { Self.at($0, event, wrong: true) }) {
                    key = wrongKey(bar: event.bar, beat: Int(event.beat))
                }
                if melody, mistakes.contains(where: { Self.at($0, event, wrong: false) }) { continue }
                if melody && event.ornament && ornaments {
                    for (index, trill) in [key, key + 2, key, key + 2, key].enumerated() {
                        add(trill, time + Double(index) * 0.08, length: 0.07)
                    }
                    continue
                }
                add(key, time)
            }
            for case .extra(let bar, let beat, let key) in mistakes where bar == event.bar && Double(beat) == event.beat
            {
                add(key, time + Self.beat / 2, length: 0.1)
            }
        }
        return notes.sorted { ($0.onset, $0.key) < ($1.onset, $1.key) }
    }

    private static func at(_ mistake: Mistake, _ event: Event, wrong: Bool) -> Bool {
        switch mistake {
        case .wrong(let bar, let beat): wrong && bar == event.bar && Double(beat) == event.beat
        case .missing(let bar, let beat): !wrong && bar == event.bar && Double(beat) == event.beat
        default: false
        }
    }
}

/// Takes of one passage of a score, as the segmenter describes them when it matched the score:
/// material "m1" (library id 1), passage "m1/p1", each take with its printed bars.
public struct ScoredSession: Sendable {
    public private(set) var notes: [Note] = []
    public private(set) var takes: [Take] = []
    public let score: TestScore

    public init(score: TestScore) {
        self.score = score
    }

    /// Appends a take of `bars` three seconds after the last one.
    public mutating func play(_ bars: ClosedRange<Int>, passage: String = "m1/p1", mistakes: [TestScore.Mistake] = []) {
        let start = (notes.map(\.end).max().map { Double($0) / 1e9 } ?? 0) + 3
        let played = score.take(bars, start: start, mistakes: mistakes)
        var take = Take(
            start: played[0].onset,
            end: played.map(\.end).max()!,
            passage: passage,
            complete: true,
            from: Double(bars.lowerBound),
            to: Double(bars.upperBound),
            notes: notes.count..<(notes.count + played.count)
        )
        take.bars = BarRange(first: "\(bars.lowerBound)", last: "\(bars.upperBound)")
        // Played at the marked tempo, as the segmenter measures it against the score.
        take.scoreTempo = 1
        notes += played
        takes.append(take)
    }

    /// The segmentation: one repertoire step with every take.
    public var segmentation: Segmentation {
        var material = MaterialSummary(id: "m1", kind: .repertoire, name: "Generated", libraryID: 1, isNew: false)
        material.scoreTitle = "Generated"
        material.barCount = score.bars
        let end = takes.map(\.end).max() ?? 0
        let step = PracticeStep(
            start: takes.first?.start ?? 0,
            end: end,
            kind: .repertoire,
            material: "m1",
            label: "piece 1",
            takes: takes,
            notes: 0..<notes.count
        )
        var passageBars: [String: BarRange] = [:]
        for take in takes where passageBars[take.passage] == nil { passageBars[take.passage] = take.bars }
        return Segmentation(
            duration: end + 1_000_000_000,
            steps: [step],
            materials: [material],
            passageBars: passageBars
        )
    }
}
