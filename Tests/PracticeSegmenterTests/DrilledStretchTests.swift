import MIDICore
import Testing

@testable import PracticeSegmenter

/// Which stretches of an assembled reference are a drill (a short stretch looped inside a take)
/// rather than music: only uncovered stretches that replay a much shorter stretch of the rest.
struct DrilledStretchTests {
    let assembler = ReferenceAssembler(configuration: .standard)

    /// `covered` for a reference whose positions in `uncovered` no other phrase matched.
    static func covered(_ count: Int, except uncovered: Range<Int>) -> [Bool] {
        (0..<count).map { !uncovered.contains($0) }
    }

    @Test func aLoopPlayedSixTimesInsideATakeKeepsOnePlaying() {
        let opening = RestartCutTests.stretch(40)
        let loop = RestartCutTests.stretch(52).suffix(12).map { $0 &+ 2 }
        let ending = RestartCutTests.stretch(80).suffix(40).map { $0 &+ 1 }
        let keys = opening + Array(repeating: loop, count: 6).flatMap { $0 } + ending
        let events = RestartCutTests.events(keys)
        // The straight playings passed through the opening, one playing of the loop and the end.
        let copies = 52..<112
        let drills = assembler.drilledStretches(
            in: Array(events.indices),
            covered: Self.covered(events.count, except: copies),
            events: events
        )
        #expect(drills == [copies])
    }

    @Test func aSectionPlayedOnceStays() {
        let opening = RestartCutTests.stretch(40)
        let middle = RestartCutTests.stretch(100).suffix(60).map { $0 &+ 3 }
        let ending = RestartCutTests.stretch(80).suffix(40).map { $0 &+ 1 }
        let events = RestartCutTests.events(opening + middle + ending)
        let drills = assembler.drilledStretches(
            in: Array(events.indices),
            covered: Self.covered(events.count, except: 40..<100),
            events: events
        )
        #expect(drills.isEmpty)
    }

    @Test func aRepeatedSectionStays() {
        // |: A :| B with the repeat played: the second A replays a stretch as long as itself.
        let section = RestartCutTests.stretch(40)
        let ending = RestartCutTests.stretch(80).suffix(40).map { $0 &+ 1 }
        let events = RestartCutTests.events(section + section + ending)
        let drills = assembler.drilledStretches(
            in: Array(events.indices),
            covered: Self.covered(events.count, except: 40..<80),
            events: events
        )
        #expect(drills.isEmpty)
    }
}
