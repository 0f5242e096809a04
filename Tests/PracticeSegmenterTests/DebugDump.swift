import MIDICore
import PracticeReports
import PracticeSegmenter
import PracticeSimulator
import Testing

@Test(arguments: [1, 2] as [UInt64]) func debugDump(seed: UInt64) throws {
    let session = SimulatedSessionTests.focusedScript(seed: seed).render()
    for s in session.segments where s.kind == .repertoire { print("TRUTH", s.passage ?? "", s.start.seconds, s.end.seconds, s.complete) }
    let result = PracticeSegmenter().segment(session.notes) { print("  " + $0) }
    for step in result.steps { for t in step.takes { print("FOUND", t.start.seconds, t.passage, t.from, t.to, t.complete) } }
}
