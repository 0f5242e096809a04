import MIDICore
import PracticeSimulator
import Testing

@testable import PracticeSegmenter

/// Materials recognised from the library (an earlier session, a score added by the user).
struct KnownMaterialTests {
    static let piece = SimulatedPiece(name: "A", tonic: 60, minor: false, bars: 24, seed: 101)
    static let other = SimulatedPiece(name: "B", tonic: 60, minor: false, bars: 24, seed: 303)

    /// The whole piece, both hands, as `woodshed pieces add` would store a score.
    static func score(_ piece: SimulatedPiece, id: Int64) -> KnownMaterial {
        let notes = PracticeScript(pieces: [piece], activities: [.take(piece: 0, from: 1, to: piece.bars)]).render()
            .notes
        return KnownMaterial(id: id, name: piece.name, fingerprint: MaterialFingerprint(notes: notes))
    }

    /// Three takes of bars 9–12 with one hand, a few wrong notes.
    static func handsSeparately(_ hands: PracticeScript.Hands) -> [Note] {
        var script = PracticeScript(
            pieces: [piece],
            activities: [
                .take(piece: 0, from: 9, to: 12, hands: hands), .silence(seconds: 3),
                .take(piece: 0, from: 9, to: 12, hands: hands, tempo: 1.5), .silence(seconds: 3),
                .take(piece: 0, from: 9, to: 12, hands: hands),
            ]
        )
        script.wrongNoteRate = 0.03
        return script.render().notes
    }

    static func materialIDs(_ segmentation: Segmentation) -> [Int64?] {
        segmentation.materials.filter { $0.kind == .repertoire }.map(\.libraryID)
    }

    @Test(arguments: [PracticeScript.Hands.right, .left, .both])
    func onePassageFoundInTheScore(hands: PracticeScript.Hands) {
        let known = [Self.score(Self.other, id: 7), Self.score(Self.piece, id: 9)]
        let result = PracticeSegmenter().segment(Self.handsSeparately(hands), known: known)
        #expect(Self.materialIDs(result) == [9])
    }

    @Test func anotherPieceInTheSameKeyIsNotIt() {
        let result = PracticeSegmenter().segment(Self.handsSeparately(.both), known: [Self.score(Self.other, id: 7)])
        #expect(Self.materialIDs(result) == [nil])
    }

    @Test func aShortTuneIsNotFoundInsideADensePiece() {
        // A melody whose notes all occur in a long piece, here and there: not that piece.
        let tune: [UInt8] = [64, 64, 65, 67, 67, 65, 64, 62, 60, 60, 62, 64, 64, 62, 62]
        let notes = (0..<3).flatMap { take in
            tune.enumerated().map { index, key in
                let onset = Int64.fromSeconds(Double(take) * 12 + Double(index) * 0.5)
                return Note(
                    onset: onset,
                    release: onset + 400_000_000,
                    end: onset + 400_000_000,
                    key: key,
                    velocity: 70
                )
            }
        }
        let result = PracticeSegmenter().segment(notes, known: [Self.score(Self.piece, id: 9)])
        #expect(Self.materialIDs(result) == [nil])
    }
}

/// Matching a fingerprint by its exact runs when the per-event score falls short.
struct KnownMaterialSolidRunTests {
    /// 400 three-key chords stepping through the keyboard (no two neighbours alike).
    static let chords: [PitchSet] = (0..<400).map { index in
        var set = PitchSet()
        for key in [36 + (index * 7) % 48, 48 + (index * 5) % 36, 60 + (index * 11) % 24] { set.insert(UInt8(key)) }
        return set
    }

    static func known(_ sets: [PitchSet]) -> [KnownMaterial] {
        [KnownMaterial(id: 7, name: "", fingerprint: MaterialFingerprint(events: sets.map(\.keys)))]
    }

    /// Another pianist's performance of the same 400 chords: the first 160 note for note, the
    /// rest voiced otherwise — the bass kept, the upper two keys a semitone higher (0.58 per
    /// event, below `minimumKnownMatchScore`) — still the piece: 160 events are exact copies in
    /// order. With only 120 exact ones it is not; nor is unrelated music.
    @Test func aLongExactRunMakesTheSamePieceBelowTheScore() {
        let matcher = KnownMaterialMatcher(configuration: .standard)
        func performance(exact: Int) -> [PitchSet] {
            Self.chords.enumerated().map { index, set in
                guard index >= exact else { return set }
                var voiced = PitchSet()
                for key in set.keys { voiced.insert(key == set.lowest ? key : key + 1) }
                return voiced
            }
        }
        #expect(matcher.match(performance(exact: 160), among: Self.known(Self.chords))?.known == 0)
        #expect(matcher.match(performance(exact: 120), among: Self.known(Self.chords)) == nil)
        let unrelated = Self.chords.map { set in
            var moved = PitchSet()
            for key in set.keys { moved.insert(key + 1) }
            return moved
        }
        #expect(matcher.match(unrelated, among: Self.known(Self.chords)) == nil)
    }
}
