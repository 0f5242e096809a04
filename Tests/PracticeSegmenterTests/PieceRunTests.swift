import MIDICore
import Testing

@testable import PracticeSegmenter

/// A scale run inside a piece, played on its own after a pause: it is the piece's run, not an
/// exercise.
struct PieceRunTests {
    /// Leaps, so the melody does not look like an exercise.
    static let melodyA: [UInt8] = [60, 67, 64, 72, 69, 65, 74, 62, 71, 67, 76, 64]
    static let run: [UInt8] = [84, 83, 81, 79, 77, 76, 74, 72, 71, 69, 67, 65, 64, 62, 60, 59]
    static let melodyB: [UInt8] = [55, 64, 59, 71, 57, 62, 69, 60, 65, 58, 67, 63]

    /// Plays `groups` one after another at 0.25 s a note; `pauses` seconds of silence after
    /// each group. Returns the notes and the end time.
    static func play(_ groups: [[UInt8]], pauses: [Double], from start: Double) -> ([Note], Double) {
        var notes: [Note] = []
        var time = start
        for (group, pause) in zip(groups, pauses) {
            for key in group {
                let onset = Int64.fromSeconds(time)
                notes.append(
                    Note(onset: onset, release: onset + 200_000_000, end: onset + 200_000_000, key: key, velocity: 64)
                )
                time += 0.25
            }
            time += pause
        }
        return (notes, time)
    }

    @Test func theRunPlayedAloneStaysInThePiece() {
        var notes: [Note] = []
        var time = 0.0
        for _ in 0..<2 {
            let (take, end) = Self.play([Self.melodyA + Self.run + Self.melodyB], pauses: [3], from: time)
            notes += take
            time = end
        }
        // The third take stops before the run and after it.
        let (take, _) = Self.play([Self.melodyA, Self.run, Self.melodyB], pauses: [2, 2, 0], from: time)
        notes += take
        let result = PracticeSegmenter().segment(notes)
        #expect(result.steps.map(\.kind) == [.repertoire])
        #expect(result.steps.first?.notes == 0..<notes.count)
    }
}

/// One phrase on its own is material worked on only when it starts over.
struct SinglePhraseTests {
    static let opening: [UInt8] = [60, 67, 64, 72, 69, 65, 74, 62, 71, 67]
    static let figure: [UInt8] = [76, 69, 73, 66, 78, 71, 68, 75, 81, 70, 77, 64, 79, 72]
    static let ending: [UInt8] = [55, 64, 59, 71, 57, 62, 69, 60, 65, 58]

    @Test func aFigureRepeatedInsideMusicPlayedOnceIsFreePlay() {
        let (notes, _) = PieceRunTests.play(
            [Self.opening + Self.figure + Self.figure + Self.ending],
            pauses: [0],
            from: 0
        )
        let result = PracticeSegmenter().segment(notes)
        #expect(result.steps.map(\.kind) == [.free])
    }

    @Test func aPhraseThatStartsOverIsWorkedOn() {
        let passage = Self.opening + Self.figure + Self.ending
        let (notes, _) = PieceRunTests.play([passage + passage], pauses: [0], from: 0)
        let result = PracticeSegmenter().segment(notes)
        #expect(result.steps.map(\.kind) == [.repertoire])
        #expect(result.steps.first?.takes.count == 2)
    }
}
