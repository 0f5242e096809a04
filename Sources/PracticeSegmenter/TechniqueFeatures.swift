import MIDICore

/// How much a stretch of playing is shaped like an exercise: runs that move by step (scales,
/// chromatic) or by chord tones (arpeggios, broken chords), in a regular rhythm, with a pattern
/// repeated on successive degrees (Hanon-like figures). Pieces have such stretches too, so the
/// score decides only for playing that is not repeated material, and for whole materials.
///
/// The shape is read twice: from the top and bottom lines of the onset events, and from the
/// *pitch-class line* of an octave texture — the pitch classes of its notes, a note doubling
/// the class of one struck just before left out. The second reading sees a scale in parallel
/// octaves as a scale even when the hands are tens of milliseconds apart, so that the onset
/// events alternate between them.
///
/// All features are O(n) over the events of a stretch.
struct TechniqueFeatures: Sendable, CustomStringConvertible {
    /// The shape of the top and bottom lines.
    var lines = LineShape()
    /// The shape of the pitch-class line (empty unless at least `octaveTextureShare` of the
    /// notes double another).
    var pitchClassLine = LineShape()
    /// Share of inter-onset intervals within `regularIntervalTolerance` of their median.
    var rhythmRegularity = 0.0
    /// Mean keys per event.
    var density = 0.0
    /// Share of notes at which the texture turns from one part to two or back: a note struck
    /// with one of the other hand (`handsApartInterval` away, within `octaveDoublingWindow`)
    /// after one struck alone, or the reverse.
    var textureChanges = 0.0
    var eventCount = 0

    var description: String {
        func f(_ x: Double) -> String { String(Int((x * 100).rounded())) }
        return "n=\(eventCount) \(lines) pc[\(pitchClassLine)] rhythm=\(f(rhythmRegularity)) dens=\(f(density / 10))"
            + " texture=\(f(textureChanges))"
    }

    /// How the score weighs the features (from ``SegmenterConfiguration``).
    private var weights = Weights(.standard)

    fileprivate struct Weights: Sendable {
        var rhythm: Double
        var runFloor: Double
        var runSpan: Double
        var minimumEvents: Int
        var maximumTextureChanges: Double

        init(_ configuration: SegmenterConfiguration) {
            rhythm = configuration.techniqueRhythmWeight
            runFloor = configuration.techniqueRunFloor
            runSpan = configuration.techniqueRunSpan
            minimumEvents = configuration.minimumTechniqueEvents
            maximumTextureChanges = configuration.exerciseTextureChanges
        }
    }

    init() {}

    /// - Parameters:
    ///   - events: the stretch's onset events.
    ///   - notes: the session's notes sorted by onset (the events index them).
    ///   - configuration: a note of the same pitch class as one struck at most
    ///     `octaveDoublingWindow` before it doubles it (the other hand in parallel octaves);
    ///   the score's weights and tolerances.
    init(_ events: ArraySlice<OnsetEvent>, notes: [Note], configuration: SegmenterConfiguration) {
        weights = Weights(configuration)
        let doublingWindow = configuration.octaveDoublingWindow
        let tolerance = configuration.regularIntervalTolerance
        eventCount = events.count
        guard events.count >= 4, let first = events.first, let last = events.last else { return }
        let interval = configuration.handsApartInterval
        let paired = OnsetGrouping.pairingHands(events, within: doublingWindow) {
            OnsetGrouping.apart($0, $1, by: interval)
        }
        lines = LineShape(
            lines: [paired.map { Int($0.top) }, paired.map { Int($0.bottom) }],
            periodBreak: configuration.periodBreakLeap
        )
        var classes: [Int] = []
        var classOnsets: [Int64] = []
        var doublings = 0
        var lastStruck = [Int64](repeating: .min / 2, count: 12)
        let notes = notes[first.notes.lowerBound..<last.notes.upperBound]
        for note in notes {
            let pitchClass = Int(note.key % 12)
            defer { lastStruck[pitchClass] = note.onset }
            if note.onset - lastStruck[pitchClass] <= doublingWindow {
                doublings += 1
            } else if classes.last != pitchClass {
                classes.append(pitchClass)
                classOnsets.append(note.onset)
            }
        }
        // Only an octave texture is read this way: folding a single line into pitch classes
        // would turn its leaps into steps.
        if classes.count >= 8 && Double(doublings) >= configuration.octaveTextureShare * Double(notes.count) {
            pitchClassLine = LineShape(pitchClasses: classes)
            pitchClassLine.rhythmRegularity = Self.regularity(classOnsets, tolerance: tolerance)
        }
        textureChanges = Self.textureChanges(notes, within: doublingWindow, apart: interval)
        rhythmRegularity = Self.regularity(paired.map(\.time), tolerance: tolerance)
        density = Double(paired.reduce(0) { $0 + $1.pitches.count }) / Double(paired.count)
    }

    /// Share of notes (sorted by onset) whose texture differs from the note before: struck with
    /// a note of the other hand — another key at least `apart` semitones away, at most `window`
    /// before or after it — or alone. A fast line's neighbours lie closer (steps, chord tones),
    /// so one hand playing fast stays one texture; a single note differing from both its
    /// neighbours takes theirs (the hands of octaves drifting past `window` for a note). O(n · k)
    /// for k notes within `window`.
    static func textureChanges(_ notes: ArraySlice<Note>, within window: Int64, apart: Int) -> Double {
        guard notes.count >= 2 else { return 0 }
        var together = notes.indices.map { struckWithOtherHand(notes, $0, within: window, apart: apart) }
        for index in together.indices.dropFirst().dropLast()
        where together[index - 1] == together[index + 1] && together[index] != together[index - 1] {
            together[index] = together[index - 1]
        }
        let changes = zip(together, together.dropFirst()).filter { $0 != $1 }.count
        return Double(changes) / Double(notes.count)
    }

    private static func struckWithOtherHand(
        _ notes: ArraySlice<Note>,
        _ index: Int,
        within window: Int64,
        apart: Int
    ) -> Bool {
        let onset: Int64 = notes[index].onset
        let key = Int(notes[index].key)
        var other = index - 1
        while other >= notes.startIndex, onset - notes[other].onset <= window {
            if abs(Int(notes[other].key) - key) >= apart { return true }
            other -= 1
        }
        other = index + 1
        while other < notes.endIndex, notes[other].onset - onset <= window {
            if abs(Int(notes[other].key) - key) >= apart { return true }
            other += 1
        }
        return false
    }

    /// Share of inter-onset intervals within `tolerance` (a share) of their median. O(n log n).
    static func regularity(_ onsets: [Int64], tolerance: Double) -> Double {
        guard onsets.count >= 3 else { return 0 }
        let iois = zip(onsets, onsets.dropFirst()).map { Double($1 - $0) }.sorted()
        let median = iois[iois.count / 2]
        return Double(iois.filter { abs($0 - median) <= tolerance * median }.count) / Double(iois.count)
    }

    /// 0...1: how much the stretch looks like an exercise, the better of its two readings.
    /// Dominated by the loose periodicity: on the development set exercises score ≥ 0.92 on
    /// it, pieces ≤ 0.70, free play ≤ 0.57. Long one-way runs by step or chord tone (a scale
    /// or arpeggio too short for its pattern to repeat) count as much as periodicity; pieces'
    /// runs average at most 4 moves there.
    var score: Double {
        guard eventCount >= weights.minimumEvents, textureChanges <= weights.maximumTextureChanges else { return 0 }
        let fromLines = lines.score(rhythmRegularity: rhythmRegularity, weights: weights)
        let fromClasses =
            pitchClassLine.moves == 0
            ? 0 : pitchClassLine.score(rhythmRegularity: pitchClassLine.rhythmRegularity, weights: weights)
        return max(fromLines, fromClasses)
    }
}

/// The melodic shape of one or more lines of keys: steps, chord-tone moves, runs one way and
/// periodicity of the interval sequence. O(n) per line (O(16 n) for periodicity).
struct LineShape: Sendable, CustomStringConvertible {
    /// Share of moves of 1–2 semitones.
    var stepShare = 0.0
    /// Share of moves of 3–5 semitones (arpeggios, broken chords).
    var chordToneShare = 0.0
    /// Mean length, in moves, of runs going the same direction.
    var runLength = 0.0
    /// Best share of interval-sequence positions repeated a few moves later (periodicity).
    var periodicity = 0.0
    /// Periodicity allowing moves to differ by a semitone (diatonic transposition).
    var loosePeriodicity = 0.0
    /// Regularity of the line's own onsets, when it has its own (the pitch-class line).
    var rhythmRegularity = 0.0
    /// Moves read.
    var moves = 0

    var description: String {
        func f(_ x: Double) -> String { String(Int((x * 100).rounded())) }
        return "step=\(f(stepShare)) chord=\(f(chordToneShare)) run=\(f(runLength / 10)) period=\(f(periodicity))"
            + " loose=\(f(loosePeriodicity))"
    }

    init() {}

    /// From lines of keys; the first line's moves give the periodicity, each stretch between
    /// leaps of `periodBreak` semitones or more its own.
    init(lines: [[Int]], periodBreak: Int) {
        self.init(
            moveLines: lines.map { line in zip(line, line.dropFirst()).map { $1 - $0 } },
            periodBreak: periodBreak
        )
    }

    /// From a line of pitch classes (0...11): each move is the nearer way round, −6...5.
    init(pitchClasses: [Int]) {
        let moves = zip(pitchClasses, pitchClasses.dropFirst()).map { a, b in (b - a + 18) % 12 - 6 }
        // Moves between classes never leap: the whole line finds its period.
        self.init(moveLines: [moves], periodBreak: .max)
    }

    private init(moveLines: [[Int]], periodBreak: Int) {
        var steps = 0
        var chordTones = 0
        var total = 0
        var runs: [Int] = []
        for line in moveLines {
            var run = 0
            var lastSign = 0
            for move in line {
                total += 1
                if (1...2).contains(abs(move)) { steps += 1 }
                if (3...5).contains(abs(move)) { chordTones += 1 }
                let sign = move.signum()
                if sign != 0 && sign == lastSign {
                    run += 1
                } else {
                    if run > 0 { runs.append(run) }
                    run = sign == 0 ? 0 : 1
                }
                lastSign = sign
            }
            if run > 0 { runs.append(run) }
        }
        moves = total
        stepShare = Double(steps) / Double(max(total, 1))
        chordToneShare = Double(chordTones) / Double(max(total, 1))
        runLength = runs.isEmpty ? 0 : Double(runs.reduce(0, +)) / Double(runs.count)
        let first = moveLines.first ?? []
        guard first.count >= 8 else { return }
        // The whole line's period, or, when better, each stretch's between leaps of
        // `periodBreak` or more (exercises in several keys played without a breath: the leap to
        // the next key breaks the whole line's period), averaged by length; stretches too short
        // for a period count as none. The whole line keeps a pattern whose leap back recurs
        // with it (a one-octave scale up, again and again).
        (periodicity, loosePeriodicity) = Self.periodicity(first)
        var segments: [ArraySlice<Int>] = []
        var start = 0
        for (index, move) in first.enumerated() where abs(move) >= periodBreak {
            segments.append(first[start..<index])
            start = index + 1
        }
        guard !segments.isEmpty else { return }
        segments.append(first[start...])
        var same = 0.0
        var close = 0.0
        for segment in segments where segment.count >= 8 {
            let (exact, loose) = Self.periodicity(Array(segment))
            same += exact * Double(segment.count)
            close += loose * Double(segment.count)
        }
        periodicity = max(periodicity, same / Double(first.count))
        loosePeriodicity = max(loosePeriodicity, close / Double(first.count))
    }

    /// Best share of positions whose move recurs `lag` moves later, exactly and within a
    /// semitone, over lags 2...16. O(16 n).
    private static func periodicity(_ moves: [Int]) -> (exact: Double, loose: Double) {
        var exact = 0.0
        var loose = 0.0
        for lag in 2...min(16, moves.count / 2) {
            var same = 0
            var close = 0
            for i in 0..<(moves.count - lag) {
                if moves[i] == moves[i + lag] { same += 1 }
                if abs(moves[i] - moves[i + lag]) <= 1 && (moves[i] == 0) == (moves[i + lag] == 0) { close += 1 }
            }
            exact = max(exact, Double(same) / Double(moves.count - lag))
            loose = max(loose, Double(close) / Double(moves.count - lag))
        }
        return (exact, loose)
    }

    /// 0...1, as ``TechniqueFeatures/score``.
    fileprivate func score(rhythmRegularity: Double, weights: TechniqueFeatures.Weights) -> Double {
        let runs = max(0, min(1, (runLength - weights.runFloor) / weights.runSpan)) * min(1, stepShare + chordToneShare)
        return (1 - weights.rhythm) * max(loosePeriodicity, runs) + weights.rhythm * rhythmRegularity
    }
}
