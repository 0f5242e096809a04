import Foundation
import MIDICore
import Testing

@testable import ScoreReader

/// A score exported as MIDI, as notation programs write one: a conductor track with the title,
/// tempo and time signatures (a 1/4 bar for the pickup, then 3/4), one track per hand.
struct MIDIScoreTests {
    static func file() -> StandardMIDIFile {
        typealias Event = StandardMIDIFile.Event
        func signature(_ tick: UInt64, _ beats: UInt8) -> Event {
            Event(
                tick: tick,
                kind: .meta(
                    .timeSignature(
                        numerator: beats,
                        denominatorPower: 2,
                        clocksPerClick: 24,
                        thirtySecondsPerQuarter: 8
                    )
                )
            )
        }
        func note(_ tick: UInt64, _ length: UInt64, _ key: UInt8) -> [Event] {
            [
                Event(tick: tick, kind: .midi(.noteOn(channel: 0, key: key, velocity: 80))),
                Event(tick: tick + length, kind: .midi(.noteOff(channel: 0, key: key, velocity: 0))),
            ]
        }
        let conductor = StandardMIDIFile.Track(events: [
            Event(tick: 0, kind: .meta(.text(.trackName, Array("Pickup Waltz".utf8)))),
            Event(tick: 0, kind: .meta(.tempo(666_667))),
            signature(0, 1), signature(480, 3),
        ])
        // Right hand: C5 (pickup) | F5 B♭4 (half) | A4 (beat 2.5 of bar 2…)
        let right = StandardMIDIFile.Track(
            events: (note(0, 480, 72) + note(480, 480, 77) + note(960, 960, 70) + note(2640, 240, 69))
                .sorted { $0.tick < $1.tick }
        )
        let left = StandardMIDIFile.Track(
            events: (note(480, 1440, 53) + note(1920, 1440, 48)).sorted { $0.tick < $1.tick }
        )
        return StandardMIDIFile(
            format: .simultaneousTracks,
            division: .ticksPerQuarter(480),
            tracks: [conductor, right, left]
        )
    }

    @Test func barsComeFromTimeSignaturesWithThePickupAsBarZero() throws {
        let score = try Score.read(Data(Self.file().encoded()), fileName: "waltz.mid")
        #expect(score.format == .midi)
        #expect(score.title == "Pickup Waltz")
        #expect(score.measures.map(\.label) == ["0", "1", "2"])
        #expect(score.measures[0].isPickup && score.measures[0].length == 1)
        #expect(score.barCount == 2)
        #expect(score.playedMeasures.map(\.start) == [0, 1, 4])
        #expect(score.tempos.count == 1 && abs(score.tempos[0].quarterNotesPerMinute - 90) < 0.001)
    }

    @Test func twoNoteTracksAreTheTwoHands() throws {
        let score = try Score.read(Data(Self.file().encoded()), fileName: "waltz.mid")
        #expect(score.staffCount == 2)
        #expect(score.notes.map(\.key) == [72, 53, 77, 70, 48, 69])
        #expect(score.notes.map(\.hand) == [.right, .left, .right, .right, .left, .right])
        #expect(score.notes.map(\.playedMeasure) == [0, 1, 1, 1, 2, 2])
        #expect(score.notes.map(\.beat) == [3, 1, 1, 2, 1, 2.5])
        #expect(score.notes[3].duration == 2)
    }

    @Test func aDamagedMIDIFileNamesItsByteOffset() {
        var bytes = Self.file().encoded()
        bytes.removeLast(9)
        #expect {
            try Score.read(Data(bytes), fileName: "cut.mid")
        } throws: { error in
            let message = (error as? ScoreReadError)?.description ?? ""
            return message.hasPrefix("cut.mid: byte offset ") && message.hasSuffix("not a complete MIDI file")
        }
    }
}
