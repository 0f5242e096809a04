import MIDICore
import Testing

@testable import PracticeSegmenter

/// A jump without a pause is a restart when the player replays the reference from where it
/// lands; music that only resembles the reference there (a figure of the opening coming back in
/// a piece played through once, then going on elsewhere) stays in the take.
struct LooseReturnTests {
    /// Opening: a melody 60…79 over a bass figure. Second part: another melody over another bass.
    static let opening: [[UInt8]] = (0..<20).map { (index: Int) -> [UInt8] in
        [UInt8(36 + index % 5), UInt8(60 + index)]
    }
    static let second: [[UInt8]] = (0..<20).map { (index: Int) -> [UInt8] in
        [UInt8(41 + index % 5), UInt8(80 + index % 8)]
    }
    /// New music after the figure comes back: the opening's bass under two other keys, so each
    /// chord shares one key of three with the opening there — close enough to align, not a replay.
    static let episode: [[UInt8]] = (0..<16).map { (index: Int) -> [UInt8] in
        [UInt8(36 + (4 + index) % 5), UInt8(90 + index % 6), UInt8(97 + index % 6)]
    }

    static func pitchSet(_ keys: [UInt8]) -> PitchSet {
        var set = PitchSet()
        for key in keys { set.insert(key) }
        return set
    }

    /// Chords 0.3 s apart, each held 0.25 s: no pause anywhere.
    static func events(_ chords: [[UInt8]]) -> [OnsetEvent] {
        let notes = chords.enumerated().flatMap { index, keys in
            keys.map { key in
                let onset = Int64.fromSeconds(0.3 * Double(index))
                return Note(
                    onset: onset,
                    release: onset + 250_000_000,
                    end: onset + 250_000_000,
                    key: key,
                    velocity: 64
                )
            }
        }
        return OnsetGrouping.events(notes)
    }

    static func takes(_ chords: [[UInt8]], configuration: SegmenterConfiguration = .standard) -> [Range<Int>] {
        let reference = (opening + second).map(pitchSet)
        let events = events(chords)
        return TakeDetector(configuration: configuration).takes(
            events: events,
            range: 0..<events.count,
            phraseStarts: [0: 5_000_000_000],
            reference: reference,
            referenceOnsets: reference.indices.map { Int64($0) * 300_000_000 }
        ).map(\.events)
    }

    @Test func aRestartWithoutAPauseReplaysTheOpening() {
        // Ten chords of the opening, then straight back to its start and through to the end.
        let played = Array(Self.opening.prefix(10)) + Self.opening + Self.second
        #expect(Self.takes(played) == [0..<10, 10..<50])
    }

    @Test func aFigureThatComesBackAndGoesOnElsewhereStaysInTheTake() {
        let played = Self.opening + Self.second + Array(Self.opening.prefix(4)) + Self.episode
        #expect(Self.takes(played) == [0..<60])
        // Without asking for a replay, the return reads as a restart: the rule is what keeps it.
        var everyJump = SegmenterConfiguration.standard
        everyJump.restartSolidShare = 0
        #expect(Self.takes(played, configuration: everyJump) == [0..<40, 40..<60])
    }
}
