import MIDICore
import Testing

@testable import PracticeAnalyzer

@Suite("Key alignment")
struct KeyAlignmentTests {
    static func align(_ take: [UInt8], _ reference: [UInt8]) -> KeyAlignment {
        KeyAlignment.align(take, to: reference, maximumCells: 1_000_000)!
    }

    @Test("identical sequences match key for key")
    func identical() {
        let alignment = Self.align([60, 62, 64, 65], [60, 62, 64, 65])
        #expect(alignment.errors == NoteErrors(wrong: 0, missing: 0, extra: 0))
        #expect(alignment.matches.count == 4)
        #expect(alignment.referenceSpan == 0..<4)
    }

    @Test("a wrong key is one error, not a missing plus an extra one")
    func wrong() {
        #expect(Self.align([60, 62, 63, 65], [60, 62, 64, 65]).errors == NoteErrors(wrong: 1, missing: 0, extra: 0))
    }

    @Test("missing and extra keys inside the take")
    func missingAndExtra() {
        #expect(Self.align([60, 64, 65], [60, 62, 64, 65]).errors == NoteErrors(wrong: 0, missing: 1, extra: 0))
        #expect(
            Self.align([60, 62, 90, 64, 65], [60, 62, 64, 65]).errors == NoteErrors(wrong: 0, missing: 0, extra: 1)
        )
    }

    @Test("starting late or stopping early is not missing; keys outside the passage are not extra")
    func ends() {
        let late = Self.align([64, 65, 67], [60, 62, 64, 65, 67, 69])
        #expect(late.errors == NoteErrors(wrong: 0, missing: 0, extra: 0))
        #expect(late.referenceSpan == 2..<5)
        let pickup = Self.align([55, 60, 62, 64], [60, 62, 64, 65])
        #expect(pickup.errors == NoteErrors(wrong: 0, missing: 0, extra: 0))
        #expect(pickup.outside == 1)
    }

    @Test("too large a comparison is refused, not attempted")
    func limit() {
        #expect(
            KeyAlignment.align(
                [UInt8](repeating: 60, count: 100),
                to: [UInt8](repeating: 60, count: 100),
                maximumCells: 9_999
            ) == nil
        )
    }

    @Test("chords are sorted upwards within the chord window")
    func chords() {
        let notes = [
            Note(onset: 0, release: 1, end: 1, key: 67, velocity: 64),
            Note(onset: 10_000_000, release: 1, end: 1, key: 60, velocity: 64),
            Note(onset: 20_000_000, release: 1, end: 1, key: 64, velocity: 64),
            Note(onset: 200_000_000, release: 1, end: 1, key: 62, velocity: 64),
        ]
        let sequence = KeySequence(notes[...], chordWindow: 50_000_000)
        #expect(sequence.keys == [60, 64, 67, 62])
        #expect(sequence.times == [0, 0, 0, 200_000_000])
    }
}
