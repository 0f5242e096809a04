import MIDICore
import Testing

@testable import PracticeSegmenter

/// A few notes before a take that starts at the material's first bar: a try, or the take's own
/// held opening that the reference does not know.
struct HeldOpeningTests {
    /// Events from chords given as key lists, one per second.
    static func events(_ chords: [[UInt8]]) -> [OnsetEvent] {
        let notes = chords.enumerated().flatMap { index, keys in
            keys.map { key in
                let onset = Int64.fromSeconds(Double(index))
                return Note(
                    onset: onset,
                    release: onset + 500_000_000,
                    end: onset + 500_000_000,
                    key: key,
                    velocity: 64
                )
            }
        }
        return OnsetGrouping.events(notes)
    }

    static func take(_ events: Range<Int>, from: Int, to: Int) -> TakeDetector.DetectedTake {
        TakeDetector.DetectedTake(events: events, from: from, to: to, matched: events.count)
    }

    let detector = TakeDetector(configuration: .standard)

    @Test func aHeldBassNoteBeforeThePauseOpensTheTake() {
        // B♭1 held, then the take from the material's start (which begins with the chord above).
        let events = Self.events([[34], [46, 74], [62], [60], [58], [57], [55]])
        let takes = detector.withHeldOpenings(
            [Self.take(0..<1, from: 30, to: 30), Self.take(1..<7, from: 0, to: 5)],
            events: events
        )
        #expect(takes.count == 1)
        #expect(takes[0].events == 0..<7)
        #expect(takes[0].from == 0 && takes[0].to == 5)
    }

    @Test func aFewNotesOfTheSameOpeningAreATry() {
        let events = Self.events([[53], [46], [53, 46], [65, 53, 62], [58], [57], [55]])
        let takes = detector.withHeldOpenings(
            [Self.take(0..<2, from: 9, to: 10), Self.take(2..<7, from: 0, to: 4)],
            events: events
        )
        #expect(takes.map(\.events) == [2..<7])
    }

    @Test func aFullTakeBeforeARestartStaysATake() {
        let events = Self.events([[34], [46, 74], [62], [60], [58], [57], [55], [46, 74], [62]])
        let first = Self.take(0..<7, from: 3, to: 9)
        let takes = detector.withHeldOpenings([first, Self.take(7..<9, from: 0, to: 1)], events: events)
        #expect(takes.map(\.events) == [0..<7, 7..<9])
    }
}

/// A few notes, a pause, then the same notes again and on: a try, also where the music repeats
/// a figure so that going on would align as well as going back.
struct TryInRepeatingMusicTests {
    @Test func aTryBeforeARepeatedFigureIsNoTake() {
        let figure: [UInt8] = [48, 72, 77, 76]
        let reference = (0..<6).flatMap { _ in figure }.map { key -> PitchSet in
            var set = PitchSet()
            set.insert(key)
            return set
        }
        // Four notes 0.3 s apart, a pause of 2 s, then the figure five times through.
        var times: [Double] = (0..<4).map { 0.3 * Double($0) }
        times += (0..<20).map { 2.9 + 0.3 * Double($0) }
        let keys = (0..<24).map { figure[$0 % 4] }
        let notes = zip(times, keys).map { time, key in
            let onset = Int64.fromSeconds(time)
            return Note(onset: onset, release: onset + 250_000_000, end: onset + 250_000_000, key: key, velocity: 64)
        }
        let events = OnsetGrouping.events(notes)
        let takes = TakeDetector(configuration: .standard).takes(
            events: events,
            range: 0..<events.count,
            phraseStarts: [0: 5_000_000_000, 4: 2_050_000_000],
            reference: reference,
            referenceOnsets: reference.indices.map { Int64($0) * 300_000_000 }
        )
        #expect(takes.map(\.events) == [4..<24])
    }
}

/// Takes grouped into passages by where they start and end.
struct PassageGrouperTests {
    static func takes(_ spans: [(Int, Int)]) -> [TakeDetector.DetectedTake] {
        spans.enumerated().map { index, span in
            TakeDetector.DetectedTake(events: index..<(index + 1), from: span.0, to: span.1, matched: span.1 - span.0)
        }
    }

    @Test func takesAfterARunThroughGoBackToTheirPassage() {
        // Bars 1–4 twice, 5–8 twice, a run-through of 1–8, then 1–4, 1–4 stopped early, 1–4.
        let takes = Self.takes([(0, 50), (0, 50), (50, 100), (50, 100), (0, 100), (0, 50), (0, 30), (0, 50)])
        let grouping = PassageGrouper(configuration: .standard).group(takes, referenceLength: 100)
        #expect(grouping.passageOfTake == [0, 0, 1, 1, 2, 0, 0, 0])
        #expect(grouping.spans.map(\.to) == [50, 100, 100])
    }
}
