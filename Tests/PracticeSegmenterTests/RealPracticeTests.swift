import MIDICore
import PracticeSimulator
import Testing

@testable import PracticeSegmenter

/// What real rehearsals do that tuned simulations did not: routines repeated note for note,
/// pieces played through once from memory, ornaments between takes, sections of one piece met
/// in different sessions. Each session is generated here, with exact expectations.
struct RealPracticeTests {
    static let piece = SimulatedPiece(name: "Sonata", tonic: 62, minor: false, bars: 32, seed: 808)

    /// `exercise` through `tonics`, 1.5 s between keys, played twice through note for note
    /// with the left hand `lag` milliseconds behind, segmented.
    static func routinePlayedTwice(
        _ exercise: (UInt8) -> SimulatedExercise,
        tonics: [UInt8],
        bpm: Double,
        lag: Double,
        seed: UInt64
    ) -> Segmentation {
        let routine: [PracticeScript.Activity] = tonics.flatMap {
            [.exercise(exercise($0), bpm: bpm), .silence(seconds: 1.5)]
        }
        var script = PracticeScript(pieces: [], activities: routine + [.silence(seconds: 5)] + routine)
        script.leftHandLagMilliseconds = lag
        script.seed = seed
        return PracticeSegmenter().segment(script.render().notes)
    }

    /// The kinds of the steps that are not rests, in order.
    static func kinds(_ result: Segmentation) -> [StepKind] {
        result.steps.filter { $0.kind != .rest }.map(\.kind)
    }

    /// A routine of four-octave scales in parallel octaves, the left hand 35 ms behind, through
    /// six keys, played twice through note for note.
    @Test func anExerciseRoutinePlayedTwiceStaysTechnique() {
        let tonics: [UInt8] = [36, 43, 38, 45, 40, 47]
        let result = Self.routinePlayedTwice(
            { .scale(tonic: $0, minor: false, octaves: 4) },
            tonics: tonics,
            bpm: 132,
            lag: 35,
            seed: 12
        )
        #expect(result.steps.filter { $0.kind != .rest }.allSatisfy { $0.kind == .technique })
        #expect(result.materials.allSatisfy { $0.kind == .technique })
        let scales = result.steps.flatMap(\.exercises).filter { $0.kind == .scale }
        #expect(Set(scales.compactMap(\.tonic)) == Set(tonics.map { Int($0) % 12 }))
    }

    /// Contrary-motion scales through six keys, the left hand about 30 ms behind (so many
    /// onsets fall into two events, one hand each), played twice through: technique, named as
    /// contrary motion.
    @Test func contraryMotionWithTheHandsApartStaysTechnique() {
        let tonics: [UInt8] = [60, 67, 62, 69, 64, 71]
        let result = Self.routinePlayedTwice(
            { .contraryScale(tonic: $0, octaves: 2) },
            tonics: tonics,
            bpm: 120,
            lag: 30,
            seed: 21
        )
        #expect(result.steps.filter { $0.kind != .rest }.allSatisfy { $0.kind == .technique })
        #expect(result.materials.allSatisfy { $0.kind == .technique })
        let contrary = result.steps.flatMap(\.exercises).filter { $0.hands == .contrary }
        #expect(Set(contrary.compactMap(\.tonic)) == Set(tonics.map { Int($0) % 12 }))
    }

    /// An étude's bars 1–8 — an arpeggio figure up and down three octaves, a new chord each
    /// bar, over a bass octave struck with each bar's first note — practised in three takes,
    /// 2 s apart: repertoire, three takes, however much the figure is shaped like an exercise.
    @Test func anEtudePractisedInTakesIsRepertoire() {
        let passage = TechniqueFeaturesTests.arpeggioFigure(bars: 8, bassLag: 0.015)
        let length = (passage.map(\.onset).max() ?? 0) + Int64.fromSeconds(2.5)
        let notes = (0..<3).flatMap { take in
            passage.map { note in
                var note = note
                let shift = Int64(take) * length
                note.onset += shift
                note.release += shift
                note.end += shift
                return note
            }
        }
        let result = PracticeSegmenter().segment(notes)
        #expect(Self.kinds(result) == [.repertoire])
        #expect(result.steps.flatMap(\.takes).count == 3)
    }

    /// The left hand of bars 1–8 practised alone, twice: its accompaniment plays each half bar's
    /// figure twice, which looks like a restart after four notes; the takes still align as
    /// one passage, worked on in two takes — not free play.
    @Test func aLeftHandPractisedAloneIsWorkedOn() {
        let script = PracticeScript(
            pieces: [Self.piece],
            activities: [
                .take(piece: 0, from: 1, to: 8, hands: .left), .silence(seconds: 3),
                .take(piece: 0, from: 1, to: 8, hands: .left),
            ]
        )
        let result = PracticeSegmenter().segment(script.render().notes)
        #expect(Self.kinds(result) == [.repertoire])
        #expect(result.steps.flatMap(\.takes).count == 2)
    }

    /// The piece's first half was practised in an earlier session; now it is played through
    /// once, from the first bar to the last, without a stop.
    @Test func aPiecePlayedThroughOnceAfterAnEarlierSessionIsThatPiece() {
        let earlier = PracticeScript(
            pieces: [Self.piece],
            activities: [
                .take(piece: 0, from: 1, to: 8), .silence(seconds: 3), .take(piece: 0, from: 1, to: 8, tempo: 1.3),
                .silence(seconds: 3), .take(piece: 0, from: 9, to: 16), .silence(seconds: 2),
                .take(piece: 0, from: 1, to: 16),
            ]
        ).render()
        let known = KnownMaterial(id: 4, name: "Sonata", fingerprint: MaterialFingerprint(notes: earlier.notes))
        var runThrough = PracticeScript(pieces: [Self.piece], activities: [.take(piece: 0, from: 1, to: 32)])
        runThrough.wrongNoteRate = 0.02
        runThrough.seed = 9
        let result = PracticeSegmenter().segment(runThrough.render().notes, known: [known])
        #expect(result.steps.map(\.kind) == [.repertoire])
        #expect(result.steps.first?.takes.count == 1)
        #expect(result.materials.map(\.libraryID) == [4])
    }

    /// Three takes of bars 1–8 with a trill, grace notes and a rolled chord in different places:
    /// three takes, whatever the ornaments.
    @Test func ornamentsBetweenTakesStartNoTake() {
        let script = PracticeScript(
            pieces: [Self.piece],
            activities: [
                .take(piece: 0, from: 1, to: 8), .silence(seconds: 3), .take(piece: 0, from: 1, to: 8),
                .silence(seconds: 3), .take(piece: 0, from: 1, to: 8),
            ]
        )
        let session = script.render()
        var notes: [Note] = []
        for (index, take) in session.takes.enumerated() {
            let played = session.notes.filter { $0.onset >= take.start && $0.onset <= take.end }
            notes += Self.ornamented(played, at: [8 + 9 * index, 30 + 7 * index], kind: index)
        }
        notes.sort { ($0.onset, $0.key) < ($1.onset, $1.key) }
        let result = PracticeSegmenter().segment(notes)
        #expect(result.steps.filter { $0.kind == .repertoire }.flatMap(\.takes).count == 3)
        #expect(Self.kinds(result) == [.repertoire])
    }

    /// Ornaments a pianist adds to the highest note of the onsets at `places`: a trill with the
    /// key above (kind 0), two grace notes from below (kind 1), the chord rolled upwards (kind 2).
    static func ornamented(_ notes: [Note], at places: [Int], kind: Int) -> [Note] {
        let onsets = Array(Set(notes.map(\.onset))).sorted()
        var result = notes
        for place in places where place < onsets.count {
            let onset = onsets[place]
            guard let top = notes.filter({ $0.onset == onset }).max(by: { $0.key < $1.key }) else { continue }
            func note(_ key: UInt8, _ at: Int64, _ length: Int64) -> Note {
                Note(onset: at, release: at + length, end: at + length, key: key, velocity: 50)
            }
            switch kind % 3 {
            case 0:
                result += (1...6).map {
                    note($0 % 2 == 1 ? top.key + 2 : top.key, onset + Int64($0) * 55_000_000, 50_000_000)
                }
            case 1:
                result += [
                    note(top.key - 3, onset - 90_000_000, 40_000_000),
                    note(top.key - 1, onset - 45_000_000, 40_000_000),
                ]
            default:
                let chord = notes.filter { $0.onset == onset }.sorted { $0.key < $1.key }
                for (step, struck) in chord.enumerated() {
                    if let index = result.firstIndex(of: struck) {
                        result[index].onset += Int64(step) * 30_000_000
                    }
                }
            }
        }
        return result
    }

    /// Bars 1–8 in one session; bars 9–16 and a run from bar 1 to 16 in the next; bars 9–16
    /// alone in a third: one library id throughout, the fingerprint growing with each session.
    @Test func sectionsMetInDifferentSessionsKeepOneID() throws {
        func session(_ activities: [PracticeScript.Activity], seed: UInt64) -> [Note] {
            var script = PracticeScript(pieces: [Self.piece], activities: activities)
            script.seed = seed
            return script.render().notes
        }
        let first = PracticeSegmenter().segment(
            session([.take(piece: 0, from: 1, to: 8), .silence(seconds: 3), .take(piece: 0, from: 1, to: 8)], seed: 1)
        )
        let firstPrint = try #require(first.fingerprints["m1"])
        let second = PracticeSegmenter().segment(
            session(
                [
                    .take(piece: 0, from: 9, to: 16), .silence(seconds: 3), .take(piece: 0, from: 9, to: 16),
                    .silence(seconds: 4), .take(piece: 0, from: 1, to: 16),
                ],
                seed: 2
            ),
            known: [KnownMaterial(id: 3, name: "", fingerprint: firstPrint)]
        )
        #expect(second.materials.filter { $0.kind == .repertoire }.map(\.libraryID) == [3])
        let secondPrint = try #require(second.fingerprints[second.materials[0].id])
        #expect(secondPrint.events.count > firstPrint.events.count)
        let third = PracticeSegmenter().segment(
            session(
                [.take(piece: 0, from: 9, to: 16), .silence(seconds: 3), .take(piece: 0, from: 9, to: 16)],
                seed: 3
            ),
            known: [KnownMaterial(id: 3, name: "", fingerprint: secondPrint)]
        )
        #expect(third.materials.filter { $0.kind == .repertoire }.map(\.libraryID) == [3])
    }

    /// Bars 1–8 learned one hand at a time in one session (two takes of the right hand, or of
    /// the left), hands together in the next: one library id, the fingerprint now both hands;
    /// another piece played hands together is not it.
    @Test(arguments: [PracticeScript.Hands.right, .left])
    func aPieceLearnedHandsSeparatelyKeepsItsIDHandsTogether(hands: PracticeScript.Hands) throws {
        func session(_ activities: [PracticeScript.Activity], piece: SimulatedPiece, seed: UInt64) -> [Note] {
            var script = PracticeScript(pieces: [piece], activities: activities)
            script.seed = seed
            return script.render().notes
        }
        let twice: [PracticeScript.Activity] = [
            .take(piece: 0, from: 1, to: 8), .silence(seconds: 3), .take(piece: 0, from: 1, to: 8),
        ]
        let first = PracticeSegmenter().segment(
            session(
                [
                    .take(piece: 0, from: 1, to: 8, hands: hands), .silence(seconds: 3),
                    .take(piece: 0, from: 1, to: 8, hands: hands),
                ],
                piece: Self.piece,
                seed: 1
            )
        )
        let firstPrint = try #require(first.fingerprints["m1"])
        let known = [KnownMaterial(id: 3, name: "", fingerprint: firstPrint)]
        let second = PracticeSegmenter().segment(session(twice, piece: Self.piece, seed: 2), known: known)
        #expect(second.materials.filter { $0.kind == .repertoire }.map(\.libraryID) == [3])
        let secondPrint = try #require(second.fingerprints["m1"])
        #expect(secondPrint.events.joined().count > firstPrint.events.joined().count * 3 / 2)
        let other = SimulatedPiece(name: "Other", tonic: 57, minor: true, bars: 32, seed: 99)
        let third = PracticeSegmenter().segment(session(twice, piece: other, seed: 3), known: known)
        #expect(third.materials.filter { $0.kind == .repertoire }.map(\.libraryID) == [nil])
    }

    /// Bars 1–14 in one session, bars 9–24 months later: the sessions meet in six bars, less
    /// than half of either, where the later one's head runs on from the earlier one's tail. One
    /// piece, its fingerprint grown by bars 15–24; another piece in the later session is not it.
    @Test func aSectionRunningOnFromOneMetBeforeIsThatPiece() throws {
        func session(_ piece: SimulatedPiece, from: Int, to: Int, seed: UInt64) -> [Note] {
            var script = PracticeScript(
                pieces: [piece],
                activities: [
                    .take(piece: 0, from: from, to: to), .silence(seconds: 3), .take(piece: 0, from: from, to: to),
                ]
            )
            script.seed = seed
            return script.render().notes
        }
        let first = PracticeSegmenter().segment(session(Self.piece, from: 1, to: 14, seed: 1))
        let firstPrint = try #require(first.fingerprints["m1"])
        let known = [KnownMaterial(id: 5, name: "", fingerprint: firstPrint)]
        let later = PracticeSegmenter().segment(session(Self.piece, from: 9, to: 24, seed: 2), known: known)
        #expect(later.materials.filter { $0.kind == .repertoire }.map(\.libraryID) == [5])
        let grown = try #require(later.fingerprints[later.materials[0].id])
        #expect(grown.events.count > firstPrint.events.count)
        let other = SimulatedPiece(name: "Other", tonic: 62, minor: false, bars: 32, seed: 4242)
        let unrelated = PracticeSegmenter().segment(session(other, from: 1, to: 16, seed: 3), known: known)
        #expect(unrelated.materials.filter { $0.kind == .repertoire }.allSatisfy { $0.libraryID == nil })
    }
}
