/// One sounding event of a simulated score: keys struck together at a beat, lasting some beats.
public struct ScoreEvent: Hashable, Sendable {
    public var beat: Double
    public var keys: [UInt8]
    public var beats: Double
    /// True for the right hand (upper part), false for the left.
    public var rightHand: Bool
}

/// A made-up piece: bars of a right-hand melody over a left-hand broken-chord accompaniment in
/// one key, different for every seed, so repeated takes of a passage can be simulated.
public struct SimulatedPiece: Sendable {
    public var name: String
    public var beatsPerBar: Double = 4
    public var events: [ScoreEvent]
    public var bars: Int

    /// - Parameters: tonic: MIDI key of the tonic (e.g. 60); bars: length of the piece.
    public init(name: String, tonic: UInt8, minor: Bool, bars: Int, seed: UInt64) {
        self.name = name
        self.bars = bars
        var random = SeededGenerator(seed: seed)
        let scale = minor ? [0, 2, 3, 5, 7, 8, 11] : [0, 2, 4, 5, 7, 9, 11]
        func key(_ degree: Int, octave base: Int) -> UInt8 {
            let octave = degree >= 0 ? degree / 7 : (degree - 6) / 7
            let step = degree - octave * 7
            return UInt8(base + 12 * octave + scale[step])
        }
        var events: [ScoreEvent] = []
        var degree = 7 + Int.random(in: 0..<5, using: &random)
        let progressions = [[0, 3, 4, 0], [0, 5, 3, 4], [0, 4, 5, 3], [0, 1, 4, 0]]
        var progression = progressions[0]
        for bar in 0..<bars {
            if bar % 4 == 0 {
                // A new progression every four bars, never the previous one again.
                let previous = progression
                while progression == previous { progression = progressions[Int.random(in: 0..<4, using: &random)] }
            }
            let root = progression[bar % 4]
            let barStart = Double(bar) * beatsPerBar
            // Left hand: a broken-chord figure in eighths, its shape changing from bar to bar.
            let figures = [[0, 4, 2, 4], [0, 2, 4, 7], [0, 7, 4, 2], [0, 4, 7, 9], [-3, 0, 2, 4]]
            let figure = figures[Int.random(in: 0..<figures.count, using: &random)]
            for eighth in 0..<8 {
                let tone = figure[eighth % 4] + (eighth >= 4 && bar % 2 == 1 ? 7 : 0)
                events.append(
                    ScoreEvent(
                        beat: barStart + Double(eighth) * 0.5,
                        keys: [key(root + tone, octave: Int(tonic) - 12)],
                        beats: 0.5,
                        rightHand: false
                    )
                )
            }
            // Right hand: a melody of quarters and eighths moving mostly by step.
            var beat = 0.0
            while beat < beatsPerBar {
                let length = random.chance(0.8) ? 0.5 : 1.0
                degree += [-2, -1, -1, 1, 1, 2, 4, -4, 5, -5][Int.random(in: 0..<10, using: &random)]
                degree = min(max(degree, 2), 20)
                var keys = [key(degree, octave: Int(tonic))]
                if beat == 0 && random.chance(0.5) { keys.append(key(degree - 2, octave: Int(tonic))) }
                events.append(ScoreEvent(beat: barStart + beat, keys: keys, beats: length, rightHand: true))
                beat += length
            }
        }
        self.events = events.sorted { ($0.beat, $0.keys[0]) < ($1.beat, $1.keys[0]) }
    }

    /// Events of bars `from...to` (1-based), beats relative to the start of bar `from`.
    public func passage(from: Int, to: Int) -> [ScoreEvent] {
        let start = Double(from - 1) * beatsPerBar
        let end = Double(to) * beatsPerBar
        return events.filter { $0.beat >= start && $0.beat < end }.map {
            var event = $0
            event.beat -= start
            return event
        }
    }
}

/// Technical exercises built by rule, in any key.
public enum SimulatedExercise: Sendable, Hashable {
    case scale(tonic: UInt8, minor: Bool, octaves: Int)
    case arpeggio(tonic: UInt8, minor: Bool, octaves: Int)
    /// A five-note pattern repeated on successive degrees, up then down.
    case hanon(tonic: UInt8, degrees: Int)
    /// A major scale in contrary motion: the right hand up from `tonic` and back, the left hand
    /// down from the octave below and back.
    case contraryScale(tonic: UInt8, octaves: Int)

    /// The exercise as sixteenth-note events (0.25 beats each), both hands an octave apart.
    public var events: [ScoreEvent] {
        var line: [UInt8] = []
        switch self {
        case .scale(let tonic, let minor, let octaves):
            let steps = minor ? [2, 1, 2, 2, 1, 3, 1] : [2, 2, 1, 2, 2, 2, 1]
            var key = Int(tonic)
            line.append(UInt8(key))
            for index in 0..<(7 * octaves) {
                key += steps[index % 7]
                line.append(UInt8(key))
            }
            line += line.dropLast().reversed()
        case .arpeggio(let tonic, let minor, let octaves):
            let chord = minor ? [0, 3, 7] : [0, 4, 7]
            for octave in 0..<octaves { line += chord.map { UInt8(Int(tonic) + 12 * octave + $0) } }
            line.append(UInt8(Int(tonic) + 12 * octaves))
            line += line.dropLast().reversed()
        case .contraryScale(let tonic, let octaves):
            let scale = [0, 2, 4, 5, 7, 9, 11]
            func key(_ degree: Int) -> UInt8 {
                let octave = degree >= 0 ? degree / 7 : -((-degree + 6) / 7)
                return UInt8(Int(tonic) + 12 * octave + scale[degree - 7 * octave])
            }
            let degrees = Array(0...(7 * octaves)) + (0..<(7 * octaves)).reversed()
            return degrees.enumerated().flatMap { index, degree in
                [
                    ScoreEvent(beat: Double(index) * 0.25, keys: [key(-degree) - 12], beats: 0.25, rightHand: false),
                    ScoreEvent(beat: Double(index) * 0.25, keys: [key(degree)], beats: 0.25, rightHand: true),
                ]
            }
        case .hanon(let tonic, let degrees):
            let scale = [0, 2, 4, 5, 7, 9, 11]
            func key(_ degree: Int) -> UInt8 { UInt8(Int(tonic) + 12 * (degree / 7) + scale[degree % 7]) }
            for start in 0..<degrees { line += [0, 2, 3, 4, 5, 4, 3, 2].map { key(start + $0) } }
        }
        return line.enumerated().flatMap { index, key in
            [
                ScoreEvent(beat: Double(index) * 0.25, keys: [key - 12], beats: 0.25, rightHand: false),
                ScoreEvent(beat: Double(index) * 0.25, keys: [key], beats: 0.25, rightHand: true),
            ]
        }
    }
}
