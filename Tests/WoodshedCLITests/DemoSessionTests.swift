import Foundation
import MIDICore
import PracticeAnalyzer
import PracticeReports
import Testing

@testable import WoodshedCLI

/// Fixtures/practice-demo.mid, the session scripts/start shows: what scripts/make-demo-session
/// says is in it is what the report finds.
struct DemoSessionTests {
    static let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/practice-demo.mid").path

    static func report() throws -> PracticeReport {
        let performance = try FileIO.readMIDIFile(path).performance
        return SessionAnalysis.report(
            notes: performance.notes,
            pedalMoves: performance.pedalMoves,
            context: AnalysisContext(),
            facts: PracticeReport.SessionFacts()
        )
    }

    /// Ode to Joy's first take has the extra note the generator brushes in (`extra=7`: an E4
    /// of 80 ms between bars 2 and 3); the two faster takes are clean.
    @Test func odeToJoyHasOneExtraNoteInItsFirstTake() throws {
        let report = try Self.report()
        let ode = try #require(report.materials.filter { $0.kind == .repertoire }.dropFirst().first)
        let takes = report.allTakes.filter { $0.step.material == ode.id }.map(\.take)
        #expect(takes.count == 3)
        let none = NoteErrors(wrong: 0, missing: 0, extra: 0)
        #expect(takes.map(\.errors) == [NoteErrors(wrong: 0, missing: 0, extra: 1), none, none])
    }
}
