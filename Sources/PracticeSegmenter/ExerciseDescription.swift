/// What one stretch of a single exercise is: its kind, key, range and hands.
///
/// 1. The texture gives the hands and the line to read (``ExerciseTexture``).
/// 2. Chromatic: mostly semitone moves over at least 10 pitch classes.
/// 3. Arpeggio: at most 4 pitch classes hold 90 % of the notes, mostly leaps of a third or more,
///    fitting a major, minor, dominant-7th or diminished-7th chord with every tone heard (a
///    tone heard once where it could have been twice is a wrong note); long one-way runs (or
///    hardly any turns) make an arpeggio, short ones a broken chord.
/// 4. Otherwise the best major or minor scale (``KeyTemplates``) numbers the line's notes by
///    degree, and the moves in degrees decide: a fifth or less by step is a five-finger
///    pattern; long runs by step (few turns) a scale (in thirds, sixths or octaves when the part has double
///    notes); a figure recurring every 2 moves as third-up-step-down is a scale in broken thirds
///    (sixths, octaves), every 3–16 moves by leaps broken chords, by steps a Hanon-like pattern.
///
/// The tonic is kept only when the evidence holds it: a scale must have it at an end or an
/// extreme, patterns and double notes may lie anywhere (the major key is then preferred to its
/// relative minor), and a stretch of no known shape is named by nothing, not even a key.
/// O(n) for n events.
struct ExerciseDescription: Equatable {
    var kind: Exercise.Kind = .exercise
    var tonic: Int?
    var mode: Exercise.Mode?
    var octaves: Int?
    var hands: Exercise.Hands?
    var lowest: UInt8 = 0
    var highest: UInt8 = 0

    /// Stretches that agree on these are the same exercise.
    var identity: [String] {
        [kind.rawValue, tonic.map { "\($0)" } ?? "-", mode?.rawValue ?? "-", hands?.rawValue ?? "-"]
    }

    init(_ events: ArraySlice<OnsetEvent>) {
        guard !events.isEmpty else { return }
        let texture = ExerciseTexture(events)
        hands = texture.hands
        lowest = events.map(\.bottom).min()!
        highest = events.map(\.top).max()!
        let line = texture.line
        var histogram = [Int](repeating: 0, count: 12)
        for part in texture.part {
            for key in part { histogram[Int(key) % 12] += 1 }
        }
        let moves = zip(line, line.dropFirst()).map { $1 - $0 }
        let range = (line.max() ?? 0) - (line.min() ?? 0)
        octaves = Self.octaves(range)
        guard moves.count >= 4 else { return }
        func share(_ values: [Int], _ test: (Int) -> Bool) -> Double {
            Double(values.filter(test).count) / Double(max(values.count, 1))
        }
        if share(moves, { abs($0) == 1 }) >= 0.7, histogram.filter({ $0 > 0 }).count >= 10 {
            kind = .chromaticScale
            // The note at the ends and extremes; among equals the first note, then the lowest class.
            let ends = KeyTemplates.Ends(line)
            tonic = (0..<12).max { a, b in
                (ends.evidence(a), ends.first % 12 == a ? 1 : 0, -a) < (
                    ends.evidence(b), ends.first % 12 == b ? 1 : 0, -b
                )
            }
            return
        }
        if Self.coreSize(histogram) <= 4, share(moves, { abs($0) >= 3 }) >= 0.6,
            let fit = KeyTemplates.best(KeyTemplates.chords, histogram: histogram, line: line, chords: true),
            fit.inside >= 0.8, fit.missing == 0
        {
            // Long runs, or too few turns for a figure (a wrong note turns a line twice).
            let moving = moves.filter { $0 != 0 }
            let turns = zip(moving, moving.dropFirst()).filter { $0.signum() != $1.signum() }.count
            kind = Self.meanRun(moves) >= 2.5 || turns <= 3 ? .arpeggio : .brokenChords
            tonic = fit.tonic
            mode = fit.mode
            return
        }
        guard let fit = KeyTemplates.best(KeyTemplates.scales, histogram: histogram, line: line) else { return }
        let steps = Self.degreeMoves(line, tonic: fit.tonic, mode: fit.mode)
        let solid = Self.doubleNotes(texture.part)
        kind = Self.pattern(steps, range: range, doubleNotes: solid)
        if solid == nil, let interval = Self.brokenInterval[kind] {
            // Broken double notes: the range of the lower voice, which the line overshoots.
            octaves = Self.octaves(range - interval)
        }
        if kind != .exercise, fit.inside >= 0.8, fit.evidence > 0 || kind != .scale {
            tonic = fit.tonic
            mode = fit.mode
        }
    }

    /// Whole octaves when the range is within two semitones of them (a scale missing its top
    /// note is still "2 octaves"); nil below 11 semitones or between whole octaves.
    static func octaves(_ range: Int) -> Int? {
        guard range >= 11 else { return nil }
        let whole = (range + 6) / 12
        return abs(range - 12 * whole) <= 2 ? whole : nil
    }

    /// How far the upper voice of broken double notes lies above the lower, in semitones.
    static let brokenInterval: [Exercise.Kind: Int] = [.thirds: 4, .sixths: 9, .octaves: 12]

    /// How many pitch classes it takes to hold 90 % of the notes.
    static func coreSize(_ histogram: [Int]) -> Int {
        let total = histogram.reduce(0, +)
        var held = 0
        var count = 0
        for value in histogram.sorted(by: >) where 10 * held < 9 * total {
            held += value
            count += 1
        }
        return count
    }

    /// Mean length, in moves, of runs going one way.
    static func meanRun(_ moves: [Int]) -> Double {
        var runs: [Int] = []
        var run = 0
        var sign = 0
        for move in moves {
            if move.signum() != 0 && move.signum() == sign {
                run += 1
            } else {
                if run > 0 { runs.append(run) }
                run = move == 0 ? 0 : 1
            }
            sign = move.signum()
        }
        if run > 0 { runs.append(run) }
        return runs.isEmpty ? 0 : Double(runs.reduce(0, +)) / Double(runs.count)
    }

    /// The line's moves counted in scale degrees of the key (notes outside it count as the
    /// degree below), so a figure moved up the scale repeats exactly.
    static func degreeMoves(_ line: [Int], tonic: Int, mode: Exercise.Mode) -> [Int] {
        let starts = KeyTemplates.degreeSteps(mode)
        var table = [Int](repeating: 0, count: 12)
        for offset in 0..<12 { table[offset] = starts.lastIndex { $0 <= offset } ?? 0 }
        let degrees = line.map { key -> Int in
            let relative = key - tonic + 120
            return 7 * (relative / 12) + table[relative % 12]
        }
        return zip(degrees, degrees.dropFirst()).map { $1 - $0 }
    }

    /// Thirds, sixths or octaves when most events of the part are two keys that far apart.
    static func doubleNotes(_ part: [[UInt8]]) -> Exercise.Kind? {
        var counts: [Exercise.Kind: Int] = [:]
        for keys in part where keys.count == 2 {
            switch keys[1] - keys[0] {
            case 3, 4: counts[.thirds, default: 0] += 1
            case 8, 9: counts[.sixths, default: 0] += 1
            case 12: counts[.octaves, default: 0] += 1
            default: break
            }
        }
        guard let best = counts.max(by: { ($0.value, $0.key.rawValue) < ($1.value, $1.key.rawValue) }),
            best.value * 10 >= part.count * 6
        else { return nil }
        return best.key
    }

    /// The kind a line of degree moves has (see the type's documentation).
    static func pattern(_ steps: [Int], range: Int, doubleNotes: Exercise.Kind?) -> Exercise.Kind {
        let count = Double(steps.count)
        let stepwise = Double(steps.filter { abs($0) == 1 }.count) / count
        if range <= 7, stepwise >= 0.7 { return doubleNotes ?? .fiveFinger }
        func recurrence(_ lag: Int) -> Double {
            let same = (0..<(steps.count - lag)).filter { steps[$0] == steps[$0 + lag] }.count
            return Double(same) / Double(steps.count - lag)
        }
        // Long runs by step: few turns (a wrong note costs two, a wrong top note four); a
        // Hanon-like figure turns every fourth move.
        let moving = steps.filter { $0 != 0 }
        let turns = zip(moving, moving.dropFirst()).filter { $0.signum() != $1.signum() }.count
        if stepwise >= 0.7, Double(turns) <= max(3, 0.2 * count) { return doubleNotes ?? .scale }
        guard steps.count >= 8, let lag = (2...min(16, steps.count / 2)).first(where: { recurrence($0) >= 0.65 })
        else { return .exercise }
        if lag == 2 {
            // Broken double notes: up a third (sixth, octave), down a step — or the mirror.
            var pairs: [Exercise.Kind: Int] = [:]
            for (a, b) in zip(steps, steps.dropFirst()) where a.signum() == -b.signum() {
                switch (max(abs(a), abs(b)), min(abs(a), abs(b))) {
                case (2, 1): pairs[.thirds, default: 0] += 1
                case (5, 4): pairs[.sixths, default: 0] += 1
                case (7, 6): pairs[.octaves, default: 0] += 1
                default: break
                }
            }
            let best = pairs.max { ($0.value, $0.key.rawValue) < ($1.value, $1.key.rawValue) }
            if let best, Double(best.value) >= 0.6 * (count - 1) { return best.key }
        }
        let leaps = Double(steps.filter { abs($0) >= 2 }.count) / count
        if leaps >= 0.5 { return .brokenChords }
        return stepwise >= 0.5 ? .hanon : .exercise
    }
}
