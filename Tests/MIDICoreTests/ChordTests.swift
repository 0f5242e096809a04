import MIDICore
import Testing

@Suite("Chords: notes struck together")
struct ChordTests {
    static func note(_ milliseconds: Int64, _ key: UInt8) -> Note {
        Note(onset: milliseconds * 1_000_000, release: 0, end: 0, key: key, velocity: 64)
    }

    @Test("notes within the window of a chord's first onset are one chord; the window is 40 ms")
    func window() {
        let notes = [
            Self.note(0, 48), Self.note(15, 64), Self.note(40, 67),  // spread by 40 ms: one chord
            Self.note(41, 72),  // 41 ms after the first onset: the next chord
            Self.note(200, 60),
        ]
        #expect(Note.chordWindow == 40_000_000)
        #expect(Note.chords(notes) == [0..<3, 3..<4, 4..<5])
    }

    @Test("chords are anchored on their first note: an arpeggio of 30 ms steps does not chain")
    func anchored() {
        let notes = (0..<6).map { Self.note(Int64($0) * 30, UInt8(60 + $0)) }
        #expect(Note.chords(notes) == [0..<2, 2..<4, 4..<6])
    }

    @Test("a slice keeps its indices, and no notes give no chords")
    func slices() {
        let notes = [Self.note(0, 60), Self.note(100, 62), Self.note(110, 65), Self.note(300, 67)]
        #expect(Note.chords(notes[1...]) == [1..<3, 3..<4])
        #expect(Note.chords([Note]()).isEmpty)
        #expect(Note.chords(notes, window: 200_000_000) == [0..<3, 3..<4])
    }
}
