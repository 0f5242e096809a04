import MIDICore
import Testing

@testable import PracticeSegmenter

/// A take that begins with the pedal, before its first note.
struct TakeLeadInTests {
    static func seconds(_ value: Double) -> Int64 { Int64.fromSeconds(value) }

    /// Two takes of four notes: 0–1.5 s and 5–6.5 s, one repertoire step.
    static func twoTakes() -> (Segmentation, [Note]) {
        let notes = [0.0, 0.5, 1.0, 1.5, 5.0, 5.5, 6.0, 6.5].enumerated().map { index, onset in
            Note(
                onset: seconds(onset),
                release: seconds(onset + 0.4),
                end: seconds(onset + 0.4),
                key: UInt8(60 + index % 4),
                velocity: 64
            )
        }
        func take(_ range: Range<Int>) -> Take {
            Take(
                start: notes[range.lowerBound].onset,
                end: notes[range.upperBound - 1].end,
                passage: "m1/p1",
                complete: true,
                from: 0,
                to: 3,
                notes: range
            )
        }
        let step = PracticeStep(
            start: 0,
            end: notes.last!.end,
            kind: .repertoire,
            material: "m1",
            label: "piece 1",
            takes: [take(0..<4), take(4..<8)],
            notes: 0..<8
        )
        return (Segmentation(duration: notes.last!.end, steps: [step], materials: []), notes)
    }

    static func leadIn(_ pedalMoves: [Double]) -> [Int64] {
        var (segmentation, notes) = twoTakes()
        TakeLeadIn(configuration: .standard).apply(
            to: &segmentation,
            notes: notes,
            pedalMoves: pedalMoves.map(seconds)
        )
        return segmentation.steps[0].takes.map(\.start)
    }

    @Test func pedalPressedAfterAPauseOpensTheTake() {
        // The bar opens with a rest: pedal down at 3.2 s, first note at 5 s.
        #expect(Self.leadIn([3.2, 3.25, 3.3]) == [0, Self.seconds(3.2)])
    }

    @Test func thePreviousTakesPedalReleaseStaysWithIt() {
        // Pedal lifted just after the last key (1.9 s): no silence before it, so not a lead-in.
        #expect(Self.leadIn([1.95, 2.0]) == [0, Self.seconds(5)])
    }

    @Test func onlyMovesAfterTheFirstSilenceCount() {
        // A release chain ending the first take, a silence, then the pedal for the second.
        #expect(Self.leadIn([1.95, 2.0, 4.1, 4.8]) == [0, Self.seconds(4.1)])
    }

    @Test func pedalLongBeforeTheNoteIsNotPlaying() {
        var configuration = SegmenterConfiguration.standard
        configuration.maximumLeadIn = Self.seconds(2)
        var (segmentation, notes) = Self.twoTakes()
        TakeLeadIn(configuration: configuration).apply(to: &segmentation, notes: notes, pedalMoves: [Self.seconds(2.5)])
        #expect(segmentation.steps[0].takes.map(\.start) == [0, Self.seconds(5)])
    }

    @Test func theFirstTakeOfTheSessionAndItsStepMoveToo() {
        var (segmentation, notes) = Self.twoTakes()
        for index in notes.indices { notes[index].onset += Self.seconds(3) }
        for index in notes.indices {
            notes[index].release += Self.seconds(3)
            notes[index].end += Self.seconds(3)
        }
        segmentation.steps[0].start = notes[0].onset
        segmentation.steps[0].takes[0].start = notes[0].onset
        segmentation.steps[0].takes[1].start = notes[4].onset
        TakeLeadIn(configuration: .standard).apply(to: &segmentation, notes: notes, pedalMoves: [Self.seconds(1)])
        #expect(segmentation.steps[0].takes[0].start == Self.seconds(1))
        #expect(segmentation.steps[0].start == Self.seconds(1))
    }

    @Test func pedalMovesAreReadFromSustainSostenutoAndSoft() {
        let messages = [64, 66, 67, 1, 7].enumerated().map { index, controller in
            TimedMessage(
                time: Int64(index),
                message: .controlChange(channel: 0, controller: UInt8(controller), value: 127)
            )
        }
        #expect(Note.pedalMoves(from: messages) == [0, 1, 2])
    }
}
