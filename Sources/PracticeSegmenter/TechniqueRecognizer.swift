/// Recognises technical exercises by shape: runs that move by step (scales, chromatic) or by
/// chord tones (arpeggios, broken chords), in a regular rhythm, with a pattern repeated on
/// successive degrees (Hanon-like figures). Pieces have such stretches too, so the score is
/// used only for playing that is not repeated material.
///
/// All features are O(n) over the events of a stretch.
struct TechniqueFeatures: Sendable, CustomStringConvertible {
    /// Share of melodic moves (top and bottom lines) of 1–2 semitones.
    var stepShare = 0.0
    /// Share of moves of 3–5 semitones (arpeggios, broken chords).
    var chordToneShare = 0.0
    /// Mean length, in moves, of runs going the same direction.
    var runLength = 0.0
    /// Share of inter-onset intervals within 25 % of their median.
    var rhythmRegularity = 0.0
    /// Best share of interval-sequence positions repeated a few moves later (periodicity).
    var periodicity = 0.0
    /// Periodicity allowing moves to differ by a semitone (diatonic transposition).
    var loosePeriodicity = 0.0
    /// Mean keys per event.
    var density = 0.0
    var eventCount = 0

    var description: String {
        func f(_ x: Double) -> String { String(Int((x * 100).rounded())) }
        return "n=\(eventCount) step=\(f(stepShare)) chord=\(f(chordToneShare)) run=\(f(runLength / 10))"
            + " rhythm=\(f(rhythmRegularity)) period=\(f(periodicity)) loose=\(f(loosePeriodicity))"
            + " dens=\(f(density / 10))"
    }

    init() {}

    init(_ events: ArraySlice<OnsetEvent>) {
        eventCount = events.count
        guard events.count >= 4 else { return }
        var moves: [Int] = []
        var steps = 0
        var chordTones = 0
        var total = 0
        var runs: [Int] = []
        for (lineIndex, line) in [events.map { Int($0.top) }, events.map { Int($0.bottom) }].enumerated() {
            var run = 0
            var lastSign = 0
            for (a, b) in zip(line, line.dropFirst()) {
                let move = b - a
                if lineIndex == 0 { moves.append(move) }
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
        stepShare = Double(steps) / Double(max(total, 1))
        chordToneShare = Double(chordTones) / Double(max(total, 1))
        runLength = runs.isEmpty ? 0 : Double(runs.reduce(0, +)) / Double(runs.count)
        let onsets = events.map(\.time)
        let iois = zip(onsets, onsets.dropFirst()).map { Double($1 - $0) }.sorted()
        let median = iois[iois.count / 2]
        rhythmRegularity = Double(iois.filter { abs($0 - median) <= 0.25 * median }.count) / Double(iois.count)
        var best = 0.0
        var bestLoose = 0.0
        if moves.count >= 8 {
            for lag in 2...min(16, moves.count / 2) {
                var same = 0
                var close = 0
                for i in 0..<(moves.count - lag) {
                    if moves[i] == moves[i + lag] { same += 1 }
                    if abs(moves[i] - moves[i + lag]) <= 1 && (moves[i] == 0) == (moves[i + lag] == 0) { close += 1 }
                }
                best = max(best, Double(same) / Double(moves.count - lag))
                bestLoose = max(bestLoose, Double(close) / Double(moves.count - lag))
            }
        }
        periodicity = best
        loosePeriodicity = bestLoose
        density = Double(events.reduce(0) { $0 + $1.pitches.count }) / Double(events.count)
    }

    /// 0...1: how much the stretch looks like an exercise. Dominated by the loose periodicity:
    /// on the development set exercises score ≥ 0.92 on it, pieces ≤ 0.70, free play ≤ 0.57.
    /// Long one-way runs by step or chord tone (a scale or arpeggio too short for its pattern to
    /// repeat) count as much as periodicity; pieces' runs average at most 4 moves there.
    var score: Double {
        guard eventCount >= 8 else { return 0 }
        let runs = max(0, min(1, (runLength - 3) / 3)) * min(1, stepShare + chordToneShare)
        return 0.75 * max(loosePeriodicity, runs) + 0.25 * rhythmRegularity
    }
}
