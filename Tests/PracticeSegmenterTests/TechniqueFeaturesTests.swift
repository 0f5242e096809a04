import MIDICore
import Testing

@testable import PracticeSegmenter

/// The shape score of exercises read as the segmenter reads a phrase.
struct TechniqueFeaturesTests {
    /// Broken chords through three inversions over two octaves, both hands an octave apart, one
    /// 8th-note pattern (C E G E, E G C G, G C E C, …) a fifth higher each time.
    static func brokenChords(tonics: [Int], gap: Double) -> [Note] {
        var notes: [Note] = []
        var time = 0.5
        for tonic in tonics {
            var line: [Int] = []
            for octave in 0..<2 {
                for inversion in 0..<3 {
                    let chord = (0..<3).map { tonic + 12 * octave + [0, 4, 7, 12, 16][inversion + $0] }
                    line += [chord[0], chord[1], chord[2], chord[1]]
                }
            }
            line.append(tonic + 24)
            notes += ExerciseRecognizerTests.notes(line.map { [$0 - 12, $0] }, start: time, interval: 0.14, jitter: 0)
            time += Double(line.count) * 0.14 + gap
        }
        return notes.sorted { ($0.onset, $0.key) < ($1.onset, $1.key) }
    }

    static func score(_ notes: [Note]) -> Double {
        let events = OnsetGrouping.events(notes)
        return TechniqueFeatures(events[...], notes: notes, configuration: .standard).score
    }

    /// Played with no breath between keys, the three exercises are one phrase whose line leaps
    /// down at each new key: each stretch between the leaps keeps its own period.
    @Test func brokenChordsThroughKeysWithoutABreathAreExerciseShaped() {
        let threshold = SegmenterConfiguration.standard.techniqueThreshold
        #expect(Self.score(Self.brokenChords(tonics: [60], gap: 0)) >= threshold)
        #expect(Self.score(Self.brokenChords(tonics: [60, 55, 62], gap: 0.1)) >= threshold)
    }

    /// A one-octave scale up, again and again: the leap back down recurs with the pattern, so
    /// the whole line's period stands (each stretch between the leaps is too short for one).
    @Test func aScaleUpAgainAndAgainIsExerciseShaped() {
        var notes: [Note] = []
        for index in 0..<40 {
            let onset = Int64.fromSeconds(0.5 + Double(index) * 0.25)
            let key = UInt8(60 + [0, 2, 4, 5, 7, 9, 11, 12][index % 8])
            notes.append(
                Note(onset: onset, release: onset + 200_000_000, end: onset + 200_000_000, key: key, velocity: 64)
            )
        }
        #expect(Self.score(notes) >= SegmenterConfiguration.standard.techniqueThreshold)
    }

    /// An étude-like figure: a 16-note arpeggio up three octaves or down again each bar, a
    /// new chord each bar (C, A minor, F, G7, E minor, D minor, G7, C), the left hand striking
    /// a bass octave with each bar's first note, `bassLag` seconds behind (nil: no bass).
    static func arpeggioFigure(bars: Int, bassLag: Double?, doubled: Bool = false) -> [Note] {
        let chords: [(root: Int, tones: [Int])] = [
            (48, [0, 4, 7]), (45, [0, 3, 7]), (41, [0, 4, 7]), (43, [0, 4, 7, 10]),
            (40, [0, 3, 7]), (38, [0, 3, 7]), (43, [0, 4, 7, 10]), (48, [0, 4, 7]),
        ]
        var notes: [Note] = []
        func strike(_ key: Int, at time: Double, length: Double) {
            let onset = Int64.fromSeconds(time)
            let release = onset + Int64.fromSeconds(length)
            notes.append(Note(onset: onset, release: release, end: release, key: UInt8(key), velocity: 64))
        }
        for bar in 0..<bars {
            let chord = chords[bar % chords.count]
            var line = (0..<4).flatMap { octave in chord.tones.map { chord.root + 12 + 12 * octave + $0 } }.prefix(16)
            if bar % 2 == 1 { line.reverse() }
            for (index, key) in line.enumerated() {
                let time = 0.5 + Double(bar * 16 + index) * 0.13
                strike(key, at: time, length: 0.11)
                if doubled { strike(key - 12, at: time + 0.02, length: 0.11) }
            }
            if let bassLag {
                let time = 0.5 + Double(bar * 16) * 0.13 + bassLag
                strike(chord.root - 12, at: time, length: 2)
                strike(chord.root - 24, at: time, length: 2)
            }
        }
        return notes.sorted { ($0.onset, $0.key) < ($1.onset, $1.key) }
    }

    /// The same arpeggio figure is an exercise in one hand or in octaves, and a piece (an étude)
    /// over a bass each bar: the texture turns from one part to two and back every bar, which
    /// no exercise does.
    @Test func anArpeggioFigureOverABassEachBarIsNotExerciseShaped() {
        let threshold = SegmenterConfiguration.standard.techniqueThreshold
        #expect(Self.score(Self.arpeggioFigure(bars: 8, bassLag: nil)) >= threshold)
        #expect(Self.score(Self.arpeggioFigure(bars: 8, bassLag: nil, doubled: true)) >= threshold)
        for lag in [0.0, 0.03] {
            let notes = Self.arpeggioFigure(bars: 8, bassLag: lag)
            let events = OnsetGrouping.events(notes)
            let features = TechniqueFeatures(events[...], notes: notes, configuration: .standard)
            #expect(features.textureChanges > SegmenterConfiguration.standard.exerciseTextureChanges)
            #expect(features.score < threshold)
        }
    }
}
