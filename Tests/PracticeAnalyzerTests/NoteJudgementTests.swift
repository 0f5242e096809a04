import MIDICore
import Testing

@testable import PracticeAnalyzer

/// The passes under the errors, one at a time: ornaments in performed notes, and judging a take
/// against a reference that comes from a score (trusted everywhere, with grace notes optional).
@Suite("Ornaments and judgement")
struct NoteJudgementTests {
    static func notes(_ onsets: [(milliseconds: Int64, key: UInt8)]) -> [Note] {
        onsets.map {
            Note(
                onset: $0.milliseconds * 1_000_000,
                release: $0.milliseconds * 1_000_000 + 50_000_000,
                end: 0,
                key: $0.key,
                velocity: 64
            )
        }
    }

    static func kinds(_ notes: [Note]) -> [Ornaments.Kind?] {
        Ornaments().kinds(notes, chords: Note.chords(notes))
    }

    @Test("a trill keeps its first note; the other hand's notes in between do not break it")
    func trill() {
        let notes = Self.notes([(0, 67), (60, 69), (100, 48), (120, 67), (180, 69), (240, 67)])
        #expect(Self.kinds(notes) == [nil, .alternation, nil, .alternation, .alternation, .alternation])
    }

    @Test("a grace note and the first notes of a rolled chord belong to the chord they lead to")
    func grace() {
        let graceNote = Self.notes([(0, 60), (400, 73), (460, 72), (800, 71)])
        #expect(Self.kinds(graceNote) == [nil, .grace, nil, nil])
        let rolled = Self.notes([(0, 60), (400, 43), (460, 59), (520, 65), (900, 62)])
        #expect(Self.kinds(rolled) == [nil, .grace, .grace, nil, nil])
        let sequence = KeySequence(rolled[...], chordWindow: Note.chordWindow)
        #expect(sequence.keys == [60, 43, 59, 65, 62])
        #expect(sequence.times == [0, 520_000_000, 520_000_000, 520_000_000, 900_000_000])
        #expect(sequence.optional == [false, true, true, false, false])
    }

    @Test("an even run, a scale or a slow neighbour figure has no ornament")
    func runs() {
        let scale = Self.notes((0..<8).map { (Int64($0) * 80, UInt8(60 + $0)) })
        #expect(Self.kinds(scale) == Array(repeating: nil, count: 8))
        let slowTurn = Self.notes([(0, 67), (250, 69), (500, 67), (750, 65), (1000, 67)])
        #expect(Self.kinds(slowTurn) == Array(repeating: nil, count: 5))
    }

    @Test("against a score: trusted everywhere, its grace note optional, a wrong bass note counted")
    func score() {
        // C3+E4, a grace D5 before C5, G4, F3+A4: the score's keys with onsets at any tempo.
        let score = KeySequence(
            keys: [48, 64, 74, 72, 67, 53, 69],
            times: [0, 0, 500, 500, 1_000, 1_500, 1_500].map { $0 * 1_000_000 },
            optional: [false, false, true, false, false, false, false]
        )
        let reference = PassageReference(score: score)
        // Played without the grace note, with F♯3 for F3, and the chords' keys a little apart.
        let take = KeySequence(
            Self.notes([(0, 48), (5, 64), (520, 72), (1_010, 67), (1_500, 54), (1_510, 69)])[...],
            chordWindow: Note.chordWindow
        )
        let alignment = KeyAlignment.align(take.keys, to: score.keys, maximumCells: 1_000)!
        var limits = NoteJudgement.Limits()
        limits.minimumOwedKeys = 3
        let judgement = NoteJudgement(
            take,
            against: score,
            trusted: reference.trusted,
            alignment: alignment,
            limits: limits
        )
        #expect(judgement.outcome == .judged(NoteErrors(wrong: 1, missing: 0, extra: 0)))
        #expect(judgement.mistakes.map(\.key) == [54])
        #expect(judgement.mistakes.map(\.onset) == [1_500_000_000])
        // At the score's fourth chord (its keys from index 5): with a score, a bar and a beat.
        #expect(judgement.mistakes.map(\.referenceIndex) == [5])
    }
}
