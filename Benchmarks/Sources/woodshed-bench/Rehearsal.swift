import MIDICore
import PracticeSimulator

/// Sessions that look like real rehearsals (the kind in ../shared/real-dev): whole movements of
/// 2,000 to 6,000 events in sonata-like forms (sections come back), practised as pianists do —
/// one movement slowly section by section as a warm-up, another section by section with
/// restarts, hands apart and joins, a third run through whole from memory and then cleaned up
/// where it went wrong. An hour is one such block; longer sessions go on through a repertoire
/// of six movements, so pieces come back as they do over a long day.
enum Rehearsal {
    /// A movement: `form` lists sections (0, 1, …) of `barsPerSection` bars each, in the order
    /// played, so a recapitulation repeats its section note for note.
    static func movement(name: String, seed: UInt64, form: [Int], barsPerSection: Int) -> SimulatedPiece {
        let count = (form.max() ?? 0) + 1
        let sections = (0..<count).map { (section: Int) -> SimulatedPiece in
            let tonic = UInt8(50 + (Int(seed % 7) + section * 5) % 12)
            let minor = (Int(seed % 3) + section) % 3 == 0
            return SimulatedPiece(
                name: "\(name)-\(section)",
                tonic: tonic,
                minor: minor,
                bars: barsPerSection,
                seed: seed &* 31 &+ UInt64(section)
            )
        }
        var piece = SimulatedPiece(name: name, tonic: 60, minor: false, bars: 1, seed: seed)
        piece.events = form.enumerated().flatMap { position, section in
            sections[section].events.map { event in
                var event = event
                event.beat += Double(position * barsPerSection) * piece.beatsPerBar
                return event
            }
        }
        piece.bars = form.count * barsPerSection
        return piece
    }

    /// The repertoire: six movements from about 2,000 to 6,000 events.
    static func repertoire(seed: UInt64) -> [SimulatedPiece] {
        let forms: [(form: [Int], bars: Int)] = [
            ([0, 1, 0, 2, 0], 28),  // rondo, 140 bars
            ([0, 0, 1, 2, 0, 1, 3], 24),  // sonata with repeated exposition, 168 bars
            ([0, 1, 2, 3, 4, 0, 1, 5], 32),  // 256 bars
            ([0, 1, 0, 1, 2, 3, 0, 1, 4], 32),  // 288 bars
            ([0, 1, 2, 1, 3, 4, 0, 1, 2, 5], 36),  // 360 bars
            ([0, 1, 2, 3, 0, 1, 4, 5, 2, 3, 6], 36),  // 396 bars
        ]
        return forms.enumerated().map { index, shape in
            movement(
                name: "movement\(index)",
                seed: seed &+ UInt64(index),
                form: shape.form,
                barsPerSection: shape.bars
            )
        }
    }

    /// A rehearsal of `hours`: blocks of about an hour, each on three movements of the
    /// repertoire in turn.
    static func session(hours: Double, seed: UInt64) -> [Note] {
        let pieces = repertoire(seed: seed)
        var random = SeededGenerator(seed: seed)
        return PracticeScenario.render(pieces: pieces, hours: hours, seed: seed, pieceBPM: 132, wrongNoteRate: 0.015) {
            block in
            let (warmUp, practised, runThrough) = (block * 3 % 6, (block * 3 + 1) % 6, (block * 3 + 2) % 6)
            var activities: [PracticeScript.Activity] = []
            func pause() -> PracticeScript.Activity { .silence(seconds: Double.random(in: 1.5...6, using: &random)) }
            // Warm-up: the first sections slowly, twice each, the second time hands together.
            for from in stride(from: 1, to: 4 * 16, by: 16) {
                activities += [.take(piece: warmUp, from: from, to: from + 15, hands: .right, tempo: 1.6), pause()]
                activities += [.take(piece: warmUp, from: from, to: from + 15, tempo: 1.4), pause()]
            }
            activities.append(.silence(seconds: 60))
            // Sections in turn: restarts halfway, a slow take, hands apart, then two sections joined.
            let bars = pieces[practised].bars
            for from in stride(from: 1, to: bars - 12, by: 12) {
                let to = from + 11
                activities += [.take(piece: practised, from: from, to: to, stopAfter: 0.4), .silence(seconds: 0.3)]
                activities += [.take(piece: practised, from: from, to: to, tempo: 1.3), pause()]
                if from % 36 == 1 {
                    activities += [.take(piece: practised, from: from, to: to, hands: .left), pause()]
                }
                activities += [.take(piece: practised, from: from, to: to), pause()]
                if from > 12 { activities += [.take(piece: practised, from: from - 12, to: to), pause()] }
            }
            activities.append(.silence(seconds: 90))
            // A run-through from memory, then clean-up of three places.
            let length = pieces[runThrough].bars
            activities += [.take(piece: runThrough, from: 1, to: length), .silence(seconds: 8)]
            for from in [length / 5, length / 2, length * 4 / 5] {
                for take in 0..<3 {
                    activities += [
                        .take(piece: runThrough, from: from, to: from + 7, tempo: take == 0 ? 1.5 : 1), pause(),
                    ]
                }
            }
            return activities + [.silence(seconds: 120)]
        }
    }
}
