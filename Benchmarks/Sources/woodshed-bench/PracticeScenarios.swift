import MIDICore
import PracticeSimulator

/// Generated practice sessions for the analysis benchmark, by name: `generated-1h` (the
/// benchmark session the segmenter was first tuned on: rounds of warm-up, passages of 32-bar
/// pieces, a run-through, free play), `rehearsal-1h` (real-like: whole movements, long
/// run-throughs, sections practised in turn), `random-3h` (notes that never repeat). Lengths:
/// 10m, 1h, 3h, 10h.
enum PracticeScenario {
    static let names: [String] =
        ["generated", "rehearsal"].flatMap { family in ["10m", "1h", "3h", "10h"].map { "\(family)-\($0)" } }
        + ["random-3h"]

    /// The notes of a scenario, or nil for an unknown name.
    static func notes(_ name: String) -> [Note]? {
        let parts = name.split(separator: "-")
        guard parts.count == 2, let hours = hours(String(parts[1])) else { return nil }
        switch parts[0] {
        case "generated": return generatedSession(hours: hours, seed: 7)
        case "rehearsal": return Rehearsal.session(hours: hours, seed: 21)
        case "random": return randomNotes(hours: hours, seed: 13)
        default: return nil
        }
    }

    private static func hours(_ length: String) -> Double? {
        if length.hasSuffix("m") { return Double(length.dropLast()).map { $0 / 60 } }
        if length.hasSuffix("h") { return Double(length.dropLast()) }
        return nil
    }

    /// Rounds of warm-up (scale, arpeggio, Hanon), three pieces of 32 bars practised by passages
    /// (four takes each: slow, right hand, abandoned halfway, at tempo) and run through, free
    /// play and a break — repeated with rotating pieces until the session is `hours` long.
    static func generatedSession(hours: Double, seed: UInt64) -> [Note] {
        let pieces = (0..<12).map { (index: Int) -> SimulatedPiece in
            let tonic = UInt8(55 + (index * 5) % 12)
            return SimulatedPiece(
                name: "piece\(index)",
                tonic: tonic,
                minor: index % 3 == 0,
                bars: 32,
                seed: seed &+ UInt64(index)
            )
        }
        var random = SeededGenerator(seed: seed)
        func round(_ round: Int) -> [PracticeScript.Activity] {
            let tonic = UInt8(48 + round % 12)
            var activities: [PracticeScript.Activity] = [
                .exercise(.scale(tonic: tonic, minor: round % 2 == 1, octaves: 2), bpm: 150), .silence(seconds: 2),
                .exercise(.arpeggio(tonic: tonic, minor: false, octaves: 2), bpm: 140), .silence(seconds: 2),
                .exercise(.hanon(tonic: tonic, degrees: 8), bpm: 150), .silence(seconds: 4),
            ]
            for slot in 0..<3 {
                let piece = (round * 3 + slot) % pieces.count
                for passage in 0..<3 {
                    let from = 1 + Int.random(in: 0..<24, using: &random)
                    for take in 0..<4 {
                        activities.append(
                            .take(
                                piece: piece,
                                from: from,
                                to: from + 3 + passage,
                                hands: take == 1 ? .right : .both,
                                tempo: take == 0 ? 1.5 : 1,
                                stopAfter: take == 2 ? 0.5 : nil
                            )
                        )
                        activities.append(.silence(seconds: take == 2 ? 0 : 2.5))
                    }
                }
                activities += [.take(piece: piece, from: 1, to: 32), .silence(seconds: 4)]
            }
            return activities + [.free(seconds: 40, tonic: tonic + 12), .silence(seconds: 60)]
        }
        return render(pieces: pieces, hours: hours, seed: seed, pieceBPM: 240, rounds: round)
    }

    /// Random keys at random times, about eight notes a second: nothing repeats, nothing is a
    /// passage — the segmenter's worst case for finding materials.
    static func randomNotes(hours: Double, seed: UInt64) -> [Note] {
        var random = SeededGenerator(seed: seed)
        var notes: [Note] = []
        var time: Int64 = 0
        let end = Int64.fromSeconds(hours * 3600)
        while time < end {
            time += Int64.random(in: 20_000_000...230_000_000, using: &random)
            let length = Int64.random(in: 50_000_000...1_500_000_000, using: &random)
            let key = UInt8.random(in: 21...108, using: &random)
            notes.append(Note(onset: time, release: time + length, end: time + length, key: key, velocity: 64))
        }
        return notes
    }

    /// Renders rounds of activities until the session lasts `hours`, then cuts it there (a
    /// session of ten minutes ends inside its first round).
    static func render(
        pieces: [SimulatedPiece],
        hours: Double,
        seed: UInt64,
        pieceBPM: Double,
        wrongNoteRate: Double = 0.01,
        rounds: (Int) -> [PracticeScript.Activity]
    ) -> [Note] {
        let target = Int64.fromSeconds(hours * 3600)
        func rendered(rounds count: Int) -> [Note] {
            var script = PracticeScript(pieces: pieces, activities: (0..<count).flatMap(rounds))
            script.seed = seed
            script.pieceBPM = pieceBPM
            script.wrongNoteRate = wrongNoteRate
            script.droppedNoteRate = wrongNoteRate
            return script.render().notes
        }
        // Rounds last about the same: the first one tells how many make the session.
        let first = rendered(rounds: 1).last?.end ?? 1
        var count = Int((Double(target) / Double(max(first, 1))).rounded(.up)) + 1
        var notes = rendered(rounds: count)
        while let last = notes.last, last.onset < target {
            count += 1 + count / 4
            notes = rendered(rounds: count)
        }
        return notes.filter { $0.onset < target }
    }
}
