import Foundation
import MIDICore
import PracticeSimulator
import Testing

@testable import PracticeSegmenter

/// Exercises built by rule (the simulator's and hand-made ones) must come out with exact names.
struct ExerciseRecognizerTests {
    static let major = [2, 2, 1, 2, 2, 2, 1]
    static let naturalMinor = [2, 1, 2, 2, 1, 2, 2]

    /// Keys struck together, one event every `interval` seconds, each note's onset moved by up
    /// to ± `jitter` milliseconds (seeded), held for 85 % of the interval.
    static func notes(
        _ events: [[Int]],
        start: Double = 0.5,
        interval: Double = 0.15,
        jitter: Double = 12,
        seed: UInt64 = 1
    ) -> [Note] {
        var random = SeededGenerator(seed: seed)
        var notes: [Note] = []
        for (index, keys) in events.enumerated() {
            for key in keys {
                let shift = Double.random(in: -jitter...jitter, using: &random) / 1000
                let onset = Int64.fromSeconds(start + Double(index) * interval + shift)
                let release = onset + Int64.fromSeconds(interval * 0.85)
                notes.append(Note(onset: onset, release: release, end: release, key: UInt8(key), velocity: 64))
            }
        }
        return notes.sorted { ($0.onset, $0.key) < ($1.onset, $1.key) }
    }

    /// A scale from `tonic` up `octaves` octaves and back down.
    static func scale(_ tonic: Int, _ steps: [Int], octaves: Int) -> [Int] {
        var line = [tonic]
        for index in 0..<(7 * octaves) { line.append(line.last! + steps[index % steps.count]) }
        return line + line.dropLast().reversed()
    }

    /// The notes of a simulator exercise, both hands or one, humanised like a practice session.
    static func simulated(_ exercise: SimulatedExercise, rightHand: Bool? = nil, seed: UInt64 = 3) -> [Note] {
        var events: [Int: [Int]] = [:]
        for event in exercise.events where rightHand == nil || event.rightHand == rightHand {
            events[Int((event.beat * 4).rounded()), default: []] += event.keys.map(Int.init)
        }
        return notes(events.keys.sorted().map { events[$0]! }, seed: seed)
    }

    static func exercises(_ notes: [Note]) -> [Exercise] { ExerciseRecognizer().exercises(in: notes) }

    static func only(_ notes: [Note]) throws -> Exercise {
        let found = exercises(notes)
        try #require(found.count == 1, "found \(found.map(\.label))")
        return found[0]
    }

    @Test func simulatedMinorScaleHandsTogether() throws {
        var script = PracticeScript(
            pieces: [],
            activities: [.exercise(.scale(tonic: 50, minor: true, octaves: 2), bpm: 100)]
        )
        script.seed = 5
        let exercise = try Self.only(script.render().notes)
        #expect(exercise.kind == .scale)
        #expect(exercise.tonic == 2)
        #expect(exercise.mode == .harmonicMinor)
        #expect(exercise.octaves == 2)
        #expect(exercise.hands == .together)
        #expect(exercise.label == "D minor scale (harmonic), 2 octaves, hands together")
        #expect(exercise.keyName == "D minor")
    }

    @Test func arpeggioRightHand() throws {
        let exercise = try Self.only(Self.simulated(.arpeggio(tonic: 60, minor: false, octaves: 2), rightHand: true))
        #expect(exercise.kind == .arpeggio)
        #expect(exercise.label == "C major arpeggio, 2 octaves, right hand")
    }

    @Test func hanonFigureInC() throws {
        let exercise = try Self.only(Self.simulated(.hanon(tonic: 48, degrees: 8)))
        #expect(exercise.kind == .hanon)
        #expect(exercise.label == "Hanon-like pattern in C major, hands together")
    }

    @Test func chromaticScale() throws {
        let line = Array(61...73) + Array((61...72).reversed())
        let exercise = try Self.only(Self.notes(line.map { [$0] }))
        #expect(exercise.kind == .chromaticScale)
        #expect(exercise.mode == nil)
        #expect(exercise.label == "chromatic scale from C♯, 1 octave, right hand")
    }

    @Test func scaleInThirdsSolidAndBroken() throws {
        let lower = Array(Self.scale(60, Self.major, octaves: 1).prefix(8))
        let upper = Array(Self.scale(64, [1, 2, 2, 2, 1, 2, 2], octaves: 1).prefix(8))
        let solid = try Self.only(Self.notes(zip(lower, upper).map { [$0, $1] }))
        #expect(solid.label == "C major scale in thirds, 1 octave, right hand")
        // E major in broken thirds over 2 octaves, both hands an octave apart: E G♯, F♯ A, … E G♯;
        // two degrees short of that, the range is no whole number of octaves.
        let eMajor = Self.scale(52, Self.major, octaves: 3).prefix(17)
        let thirds = zip(eMajor, eMajor.dropFirst(2)).flatMap { [$0, $1] }
        let broken = try Self.only(Self.notes(thirds.map { [$0 - 12, $0] }))
        #expect(broken.kind == .thirds)
        #expect(broken.label == "E major scale in thirds, 2 octaves, hands together")
        let short = Array(thirds.dropLast(4))
        #expect(
            try Self.only(Self.notes(short.map { [$0 - 12, $0] })).label == "E major scale in thirds, hands together"
        )
    }

    @Test func leftHandAlone() throws {
        let exercise = try Self.only(Self.notes(Self.scale(43, Self.major, octaves: 1).map { [$0] }))
        #expect(exercise.hands == .left)
        #expect(exercise.label == "G major scale, 1 octave, left hand")
    }

    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func wrongNotesAndTimingDoNotChangeTheName(seed: UInt64) throws {
        var events = Self.scale(50, [2, 1, 2, 2, 1, 3, 1], octaves: 2).map { [$0 - 12, $0] }
        var random = SeededGenerator(seed: seed)
        for _ in 0..<2 {
            let index = Int.random(in: 1..<(events.count - 1), using: &random)
            events[index][1] += [-1, 1].randomElement(using: &random)!
        }
        let exercise = try Self.only(Self.notes(events, interval: 0.13, jitter: 15, seed: seed))
        #expect(exercise.label == "D minor scale (harmonic), 2 octaves, hands together")
    }

    /// Parallel octaves whose hands strike 45–75 ms apart (either first), beyond the 40 ms of
    /// one onset event: each octave is two events, which read alone as one hand leaping.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func octavesWithTheHandsApartAreHandsTogether(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        var notes: [Note] = []
        for (index, key) in Self.scale(50, [2, 1, 2, 2, 1, 3, 1], octaves: 2).enumerated() {
            let onset = 0.5 + Double(index) * 0.13
            let lag = Double.random(in: 0.045...0.075, using: &random) * (Bool.random(using: &random) ? 1 : -1)
            for (key, time) in [(key - 12, onset), (key, onset + lag)] {
                let start = Int64.fromSeconds(time)
                let release = start + Int64.fromSeconds(0.11)
                notes.append(Note(onset: start, release: release, end: release, key: UInt8(key), velocity: 64))
            }
        }
        notes.sort { ($0.onset, $0.key) < ($1.onset, $1.key) }
        let exercise = try Self.only(notes)
        #expect(exercise.label == "D minor scale (harmonic), 2 octaves, hands together")
        #expect(exercise.notes == 0..<notes.count)
        // Read event by event (no pairing), the same notes are no scale in octaves.
        let unpaired = ExerciseRecognizer(handSpread: 0).exercises(in: notes)
        #expect(!unpaired.map(\.label).contains("D minor scale (harmonic), 2 octaves, hands together"))
    }

    /// Contrary motion with the left hand 45–70 ms behind: each onset is two events, one hand
    /// each, paired again.
    @Test func contraryMotionWithTheHandsApart() throws {
        let right = Self.scale(60, Self.major, octaves: 2)
        let left = Self.scale(48, Self.major.reversed().map { -$0 }, octaves: 2)
        var random = SeededGenerator(seed: 4)
        var notes: [Note] = []
        for (index, (low, high)) in zip(left, right).enumerated() {
            let onset = 0.5 + Double(index) * 0.14
            let lag = Double.random(in: 0.045...0.07, using: &random)
            for (key, time) in [(high, onset), (low, onset + lag)] {
                let start = Int64.fromSeconds(time)
                let release = start + Int64.fromSeconds(0.12)
                notes.append(Note(onset: start, release: release, end: release, key: UInt8(key), velocity: 64))
            }
        }
        notes.sort { ($0.onset, $0.key) < ($1.onset, $1.key) }
        #expect(try Self.only(notes).label == "C major scale, 2 octaves, contrary motion")
        let unpaired = ExerciseRecognizer(handSpread: 0).exercises(in: notes)
        #expect(!unpaired.map(\.label).contains("C major scale, 2 octaves, contrary motion"))
    }

    @Test func contraryMotion() throws {
        let right = Self.scale(60, Self.major, octaves: 1)
        let left = Self.scale(48, Self.major.reversed().map { -$0 }, octaves: 1)
        let exercise = try Self.only(Self.notes(zip(left, right).map { [$0, $1] }))
        #expect(exercise.hands == .contrary)
        #expect(exercise.label == "C major scale, 1 octave, contrary motion")
        #expect(exercise.shortName == "C major contrary-motion scale")
    }

    @Test func minorVariants() throws {
        let melodic =
            Array(Self.scale(69, [2, 1, 2, 2, 2, 2, 1], octaves: 1).prefix(8))
            + Array(Self.scale(69, Self.naturalMinor, octaves: 1).suffix(7))
        #expect(
            try Self.only(Self.notes(melodic.map { [$0] })).label == "A minor scale (melodic), 1 octave, right hand"
        )
        let natural = Self.scale(33, Self.naturalMinor, octaves: 2)
        #expect(try Self.only(Self.notes(natural.map { [$0] })).label == "A minor scale, 2 octaves, left hand")
    }

    @Test func seventhChordsAndBrokenChords() throws {
        let dominant = [55, 59, 62, 65, 67, 71, 74, 77, 79, 77, 74, 71, 67, 65, 62, 59, 55]
        #expect(
            try Self.only(Self.notes(dominant.map { [$0] })).label == "G dominant 7th arpeggio, 2 octaves, right hand"
        )
        let diminished = [59, 62, 65, 68, 71, 74, 77, 80, 83, 80, 77, 74, 71, 68, 65, 62, 59]
        #expect(try Self.only(Self.notes(diminished.map { [$0] })).shortName == "B diminished 7th arpeggio")
        // Triads on successive degrees of C major: C E G E, D F A F, …
        let degrees = Self.scale(48, Self.major, octaves: 2)
        let figures: [Int] = (0..<8).flatMap { (degree: Int) -> [Int] in
            [degrees[degree], degrees[degree + 2], degrees[degree + 4], degrees[degree + 2]]
        }
        let broken = try Self.only(Self.notes(figures.map { [$0, $0 + 12] }))
        #expect(broken.label == "broken chords in C major, hands together")
    }

    /// Broken chords in C, G and D major in octaves, a one-second breath between keys, the
    /// sustain pedal held down from the first note to the last (a habit on digital pianos):
    /// the sound never stops, the hands do — three exercises, each named.
    @Test func exercisesWithThePedalHeldThroughout() throws {
        var notes: [Note] = []
        var start = 0.5
        for tonic in [48, 55, 50] {
            let degrees = Self.scale(tonic, Self.major, octaves: 2)
            let figures: [Int] = (0..<8).flatMap { (degree: Int) -> [Int] in
                [degrees[degree], degrees[degree + 2], degrees[degree + 4], degrees[degree + 2]]
            }
            notes += Self.notes(figures.map { [$0, $0 + 12] }, start: start, seed: UInt64(tonic))
            start += Double(figures.count) * 0.15 + 1
        }
        let pedalUp = (notes.map(\.release).max() ?? 0) + Int64.fromSeconds(0.5)
        let pedalled = notes.map { note in
            var note = note
            note.end = pedalUp
            return note
        }
        #expect(
            Self.exercises(pedalled).map(\.label) == [
                "broken chords in C major, hands together", "broken chords in G major, hands together",
                "broken chords in D major, hands together",
            ]
        )
    }

    @Test func fiveFingerPattern() throws {
        let exercise = try Self.only(
            Self.notes([60, 62, 64, 65, 67, 65, 64, 62, 60, 62, 64, 65, 67, 65, 64, 62, 60].map { [$0] })
        )
        #expect(exercise.label == "five-finger pattern in C major, right hand")
    }

    @Test func weakEvidenceSaysLess() throws {
        // F major notes from G up to E and back to A: no end or extreme on a tonic.
        let exercise = try Self.only(Self.notes([55, 57, 58, 60, 62, 64, 62, 60, 58, 57].map { [$0] }))
        #expect(exercise.kind == .scale)
        #expect(exercise.tonic == nil)
        #expect(exercise.label == "scale, one hand")
        var random = SeededGenerator(seed: 9)
        let noise = (0..<40).map { _ in [Int.random(in: 40...90, using: &random)] }
        let unnamed = try Self.only(Self.notes(noise, interval: 0.21))
        #expect(unnamed.kind == .exercise)
        #expect(unnamed.tonic == nil)
        #expect(unnamed.label.hasPrefix("exercise, "))
    }

    @Test func pausesSeparateExercisesAndRepeatsMerge() {
        let scale = Self.scale(50, [2, 1, 2, 2, 1, 3, 1], octaves: 2).map { [$0 - 12, $0] }
        let arpeggio = [60, 64, 67, 72, 76, 79, 84, 79, 76, 72, 67, 64, 60].map { [$0] }
        let pause = [[Int]](repeating: [], count: 8)
        let hanon = Self.simulated(.hanon(tonic: 48, degrees: 8)).map {
            var note = $0
            note.onset += 30_000_000_000
            note.release += 30_000_000_000
            note.end += 30_000_000_000
            return note
        }
        let notes = Self.notes(scale + pause + scale + pause + arpeggio) + hanon
        let found = Self.exercises(notes)
        #expect(
            found.map(\.label) == [
                "D minor scale (harmonic), 2 octaves, hands together", "C major arpeggio, 2 octaves, right hand",
                "Hanon-like pattern in C major, hands together",
            ]
        )
        #expect(found.map(\.notes.count) == [116, 13, 128])
        #expect(
            Exercise.summary(found, isWarmUp: true)
                == "warm-up: D minor scale, C major arpeggio, Hanon-like pattern in C major"
        )
        #expect(
            Exercise.summary(found, isWarmUp: false) == "D minor scale, C major arpeggio, Hanon-like pattern in C major"
        )
    }

    @Test func aScaleStraightIntoAnArpeggioIsTwoExercises() {
        let scale = Self.scale(60, Self.major, octaves: 2).map { [$0] }
        let arpeggio = [60, 64, 67, 72, 76, 79, 84, 79, 76, 72, 67, 64, 60].map { [$0 + 7] }
        #expect(
            Self.exercises(Self.notes(scale + arpeggio)).map(\.label) == [
                "C major scale, 2 octaves, right hand", "G major arpeggio, 2 octaves, right hand",
            ]
        )
    }

    @Test func keysAreSpelledAsTheirSignatures() {
        func name(_ tonic: Int, _ mode: Exercise.Mode) -> String? {
            Exercise(start: 0, end: 1, kind: .scale, tonic: tonic, mode: mode, notes: 0..<0).keyName
        }
        #expect(name(10, .major) == "B♭ major")
        #expect(name(3, .major) == "E♭ major")
        #expect(name(1, .major) == "D♭ major")
        #expect(name(6, .harmonicMinor) == "F♯ minor")
        #expect(name(8, .minor) == "G♯ minor")
        #expect(name(3, .melodicMinor) == "E♭ minor")
        #expect(Exercise(start: 0, end: 1, kind: .exercise, notes: 0..<0).label == "exercise")
        #expect(
            Exercise.summary([Exercise(start: 0, end: 1, kind: .exercise, notes: 0..<0)], isWarmUp: true) == "technique"
        )
    }

    @Test func stepsCarryTheirExercisesAndOldStepsStillDecode() throws {
        var script = PracticeScript(pieces: [], activities: SimulatedSessionTests.warmUp())
        script.seed = 2
        let segmentation = PracticeSegmenter().segment(script.render().notes)
        let step = try #require(segmentation.steps.first)
        #expect(segmentation.steps.map(\.kind) == [.technique])
        #expect(step.material == "t1")
        #expect(step.label == "warm-up: D minor scale, C major arpeggio, Hanon-like pattern in C major")
        #expect(step.exercises.map(\.kind) == [.scale, .arpeggio, .hanon])
        let copy = try JSONDecoder().decode(Segmentation.self, from: JSONEncoder().encode(segmentation))
        #expect(copy == segmentation)
        let old = Data(
            #"{"start":0,"end":5,"kind":"technique","material":"t1","label":"technique","takes":[],"notes":[0,3]}"#.utf8
        )
        #expect(try JSONDecoder().decode(PracticeStep.self, from: old).exercises.isEmpty)
    }

    @Test func sameNotesSameExercises() {
        let notes = Self.simulated(.scale(tonic: 57, minor: false, octaves: 3))
        #expect(Self.exercises(notes) == Self.exercises(notes.reversed()))
    }
}
