import Foundation
import Testing

@testable import ScoreReader

/// Reading what piano scores contain, one fixture each, with exact expectations.
struct MusicXMLReaderTests {
    @Test func pickupIsBarZeroAndItsNoteFallsOnTheLastBeat() throws {
        let score = try ScoreFixtures.read("pickup-ties.musicxml")
        #expect(score.title == "Pickup Waltz")
        #expect(score.composer == "Woodshed Fixtures")
        #expect(score.measures.map(\.label) == ["0", "1", "2", "3"])
        #expect(score.measures[0].isPickup && score.measures[0].isImplicit)
        #expect(score.measures[0].length == 1)
        #expect(score.barCount == 3)
        #expect(score.measures[1].time == TimeSignature(beats: 3, beatType: 4))
        #expect(score.measures[0].key == KeySignature(fifths: -1, mode: "major"))
        #expect(score.playedMeasures.map(\.start) == [0, 1, 4, 7])
        let first = score.notes[0]
        #expect(first.key == 72 && first.onset == 0 && first.beat == 3 && first.playedMeasure == 0)
    }

    @Test func tiedNotesAcrossTheBarLineAreOneNote() throws {
        let score = try ScoreFixtures.read("pickup-ties.musicxml")
        // C5 | F5 B♭4~ | B♭4 A4 G4 F4 | F4: the tied B♭4 sounds from beat 2 of bar 1 for 3 beats.
        #expect(score.notes.map(\.key) == [72, 77, 70, 69, 67, 65, 65])
        let tied = score.notes[2]
        #expect(tied.onset == 2 && tied.duration == 3 && tied.playedMeasure == 1 && tied.beat == 2)
        #expect(score.notes.map(\.onset) == [0, 1, 2, 5, 5.5, 6, 7])
    }

    @Test func tempoAndDynamicsMarksAreKeptAndTimeIsInSeconds() throws {
        let score = try ScoreFixtures.read("pickup-ties.musicxml")
        #expect(score.tempos.count == 1)
        #expect(score.tempos[0].quarterNotesPerMinute == 90 && score.tempos[0].onset == 0)
        #expect(score.dynamics.map(\.text) == ["p", "f"])
        #expect(score.dynamics.map(\.onset) == [0, 4])
        // At ♩ = 90 a quarter note is 2/3 s: bar 2 starts 4 quarters in.
        #expect(score.playedMeasures[2].seconds.isClose(to: 4 * 60 / 90))
        #expect(score.notes[2].durationSeconds.isClose(to: 2))
    }

    @Test func twoStavesWithBackupChordsTripletGraceNotesAndTrill() throws {
        let score = try ScoreFixtures.read("grand-staff.musicxml")
        #expect(score.staffCount == 2)
        let bar1 = score.notes.filter { $0.playedMeasure == 0 }
        // At 0: the grace note first, then by key.
        #expect(bar1.map(\.key) == [74, 48, 55, 72, 76, 77, 79, 72, 76, 79, 52])
        #expect(bar1[0].isGrace && bar1[0].duration == 0 && bar1[0].onset == 0 && bar1[0].hand == .right)
        #expect(bar1.dropFirst().allSatisfy { !$0.isGrace })
        #expect(bar1[1].hand == .left && bar1[1].staff == 2 && bar1[1].voice == 5 && bar1[1].duration == 2)
        #expect(bar1[3].hand == .right && bar1[3].staff == 1 && bar1[3].voice == 1)
        // The triplet: three eighths in the time of two, on beats 2, 2⅓ and 2⅔.
        let triplet = Array(bar1[4...6])
        #expect(triplet.map(\.onset).elementsEqual([1, 4.0 / 3, 5.0 / 3]) { $0.isClose(to: $1) })
        #expect(triplet.allSatisfy { $0.duration.isClose(to: 1.0 / 3) })
        #expect(triplet.map(\.beat).elementsEqual([2, 7.0 / 3, 8.0 / 3]) { $0.isClose(to: $1) })
        // The chord after the triplet, on beat 3; E3 after a one-beat <forward>, on beat 4.
        #expect(bar1[7...9].allSatisfy { $0.onset.isClose(to: 2) && $0.duration == 2 && $0.beat.isClose(to: 3) })
        #expect(bar1[10].onset.isClose(to: 3) && bar1[10].beat.isClose(to: 4) && bar1[10].hand == .left)
        let bar2 = score.notes.filter { $0.playedMeasure == 1 }
        #expect(bar2.map(\.key) == [41, 81, 79])
        #expect(bar2[1].ornament == .trill && bar2[1].onset == 4)
        #expect(bar2[0].duration == 4 && bar2[0].hand == .left)
    }

    @Test func timewiseScoresAreReadLikePartwiseOnes() throws {
        let score = try ScoreFixtures.read("timewise.musicxml")
        #expect(score.title == "Timewise Duet")
        #expect(score.measures.map(\.label) == ["1", "2"])
        #expect(score.staffCount == 2)
        #expect(score.notes.map(\.key) == [48, 76, 74, 43, 72])
        #expect(score.notes.map(\.hand) == [.left, .right, .right, .left, .right])
        #expect(score.notes.map(\.onset) == [0, 0, 1, 3, 3])
    }

    @Test func compressedMusicXMLIsReadThroughItsContainer() throws {
        let plain = try ScoreFixtures.read("pickup-ties.musicxml")
        let compressed = try ScoreFixtures.read("pickup-ties.mxl")
        #expect(compressed == plain)
        // The same from memory.
        #expect(try Score.read(ScoreFixtures.data("pickup-ties.mxl"), fileName: "pickup-ties.mxl") == plain)
    }

    @Test func printedLabelsAreKeptIncludingLettersAndRestartedNumbering() throws {
        let score = try ScoreFixtures.read("ds-al-coda.musicxml")
        #expect(score.measures.map(\.label) == ["1", "2", "2a", "3", "1", "2"])
        #expect(score.measures[2].number == 2)
        #expect(score.barCount == 6)
    }
}
