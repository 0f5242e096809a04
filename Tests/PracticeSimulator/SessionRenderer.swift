import MIDICore

extension PracticeScript {
    /// Plays the script: notes with humanised timing and the configured mistakes. Deterministic
    /// for a given seed. O(notes).
    public func render() -> SimulatedSession {
        var random = SeededGenerator(seed: seed)
        var notes: [Note] = []
        var segments: [SimulatedSegment] = []
        var clock: Double = 0.5
        for activity in activities {
            switch activity {
            case .silence(let seconds):
                clock += seconds
            case .exercise(let exercise, let bpm):
                let beat = 60 / bpm
                let events = exercise.events
                let played = play(events, beat: beat, at: clock, random: &random, mistakes: false, into: &notes)
                segments.append(
                    SimulatedSegment(
                        kind: .technique,
                        material: "technique",
                        passage: nil,
                        complete: true,
                        start: played.start,
                        end: played.end
                    )
                )
                clock = played.end.seconds
            case .take(let piece, let from, let to, let hands, let tempo, let stopAfter):
                var events = pieces[piece].passage(from: from, to: to)
                if hands == .right { events = events.filter(\.rightHand) }
                if hands == .left { events = events.filter { !$0.rightHand } }
                if let stopAfter { events = Array(events.prefix(max(1, Int(Double(events.count) * stopAfter)))) }
                let beat = 60 / pieceBPM * tempo
                let played = play(events, beat: beat, at: clock, random: &random, mistakes: true, into: &notes)
                segments.append(
                    SimulatedSegment(
                        kind: .repertoire,
                        material: pieces[piece].name,
                        passage: "\(pieces[piece].name)@\(from)-\(to)",
                        complete: stopAfter == nil,
                        start: played.start,
                        end: played.end
                    )
                )
                clock = played.end.seconds
            case .free(let seconds, let tonic):
                let events = improvisation(seconds: seconds, tonic: tonic, random: &random)
                let played = play(events, beat: 1, at: clock, random: &random, mistakes: false, into: &notes)
                segments.append(
                    SimulatedSegment(
                        kind: .free,
                        material: "free",
                        passage: nil,
                        complete: true,
                        start: played.start,
                        end: played.end
                    )
                )
                clock = played.end.seconds
            }
        }
        notes.sort { ($0.onset, $0.key) < ($1.onset, $1.key) }
        return SimulatedSession(notes: notes, segments: segments)
    }

    private func play(
        _ events: [ScoreEvent],
        beat: Double,
        at start: Double,
        random: inout SeededGenerator,
        mistakes: Bool,
        into notes: inout [Note]
    ) -> (start: Int64, end: Int64) {
        var first = Int64.max
        var last = Int64.min
        for event in events {
            for key in event.keys {
                if mistakes && random.chance(droppedNoteRate) { continue }
                var played = key
                if mistakes && random.chance(wrongNoteRate) {
                    played = UInt8(Int(key) + [-2, -1, 1, 2].randomElement(using: &random)!)
                }
                var jitter = Double.random(in: -jitterMilliseconds...jitterMilliseconds, using: &random) / 1000
                if !event.rightHand { jitter += leftHandLagMilliseconds / 1000 }
                let onset = Int64.fromSeconds(max(0, start + event.beat * beat + jitter))
                let release = onset + Int64.fromSeconds(event.beats * beat * 0.85)
                notes.append(Note(onset: onset, release: release, end: release, key: played, velocity: 64))
                if mistakes && random.chance(extraNoteRate) {
                    notes.append(
                        Note(onset: onset + 20_000_000, release: release, end: release, key: played &+ 5, velocity: 40)
                    )
                }
                first = min(first, onset)
                last = max(last, release)
            }
        }
        if first == Int64.max {
            first = Int64.fromSeconds(start)
            last = first
        }
        return (first, last)
    }

    /// Notes of the key's scale in a wandering line with irregular rhythm, no pattern repeated.
    private func improvisation(seconds: Double, tonic: UInt8, random: inout SeededGenerator) -> [ScoreEvent] {
        let scale = [0, 2, 4, 5, 7, 9, 11]
        var events: [ScoreEvent] = []
        var time = 0.0
        var degree = 7
        while time < seconds {
            degree = min(max(degree + Int.random(in: -4...4, using: &random), 0), 20)
            let key = UInt8(Int(tonic) - 12 + 12 * (degree / 7) + scale[degree % 7])
            let length = [0.2, 0.3, 0.45, 0.7, 1.1].randomElement(using: &random)!
            var keys = [key]
            if random.chance(0.3) { keys.append(key - 12 - UInt8(scale[Int.random(in: 0..<7, using: &random)])) }
            events.append(ScoreEvent(beat: time, keys: keys, beats: length, rightHand: true))
            time += length
        }
        return events
    }
}
