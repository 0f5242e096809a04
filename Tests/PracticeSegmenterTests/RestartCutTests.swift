import MIDICore
import Testing

@testable import PracticeSegmenter

/// Where a phrase that holds several takes played without a pause is cut to start a reference:
/// one whole playing of the stretch it repeats.
struct RestartCutTests {
    /// A stretch of `count` single notes whose 4-note seeds do not recur inside it.
    static func stretch(_ count: Int) -> [UInt8] {
        var state: UInt32 = 7
        return (0..<count).map { _ in
            state = state &* 1_103_515_245 &+ 12_345
            return UInt8(48 + (state >> 16) % 36)
        }
    }

    /// Events from single keys, 0.25 s apart.
    static func events(_ keys: [UInt8]) -> [OnsetEvent] {
        let notes = keys.enumerated().map { index, key in
            let onset = Int64.fromSeconds(0.25 * Double(index))
            return Note(onset: onset, release: onset + 200_000_000, end: onset + 200_000_000, key: key, velocity: 64)
        }
        return OnsetGrouping.events(notes)
    }

    let assembler = ReferenceAssembler(configuration: .standard)

    @Test func aPhraseOfTwoTakesKeepsTheFirst() {
        let take = Self.stretch(40)
        let events = Self.events(take + take)
        #expect(assembler.restart(events: events, range: 0..<events.count) == 0..<40)
    }

    @Test func aPhraseOpeningWithTheEndOfATakeKeepsTheWholeTakeAfterIt() {
        // The end of one take, with a wrong note in every four, runs on into two more without a
        // pause: the reference starts with the whole second take, not the first one's last bars.
        let take = Self.stretch(40)
        let end = take.suffix(12).enumerated().map { index, key in index % 4 == 2 ? key + 1 : key }
        let events = Self.events(end + take + take)
        // Where the end of one playing meets the start of the next, a note may fit both: the
        // cut is right to within one event.
        let kept = assembler.restart(events: events, range: 0..<events.count)
        #expect(kept?.count == 40)
        #expect(abs((kept?.lowerBound ?? 0) - 12) <= 1)
    }

    @Test func newMusicBeforeTheTakesIsNoEndOfAnEarlierTake() {
        let take = Self.stretch(40)
        let opening = Self.stretch(52).suffix(12).map { $0 &+ 1 }
        let events = Self.events(opening + take + take)
        // No late start: only a lead that replays the take's end is left out of the reference.
        #expect((assembler.restart(events: events, range: 0..<events.count)?.lowerBound ?? 0) == 0)
    }
}
