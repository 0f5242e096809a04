import Foundation
import MIDICore
import PracticeAnalyzer
import PracticeLibrary
import PracticeReports
import SessionStore
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

    /// One length for one session, however it came in: imported, recorded from the file, or
    /// analysed without the library — from the file's time 0 to the end of the last sound.
    @Test func importRecordAndReportAgreeOnTheDuration() async throws {
        let sandbox = Sandbox()
        #expect(await sandbox.run("import", Self.path) == 0)
        #expect(await sandbox.run("record", "--from", Self.path, "--quiet") == 0)
        let json = sandbox.root + "/demo.json"
        #expect(await sandbox.run("analyze", Self.path, "--format", "json", "-o", json) == 0)
        let library = try Library(path: sandbox.library)
        let sessions = try library.sessions().sorted { $0.id < $1.id }
        #expect(sessions.map(\.sourceKind) == [.import, .stream])
        let (imported, recorded) = (sessions[0], sessions[1])
        let report = try PracticeReport.decode(Data(contentsOf: URL(fileURLWithPath: json)))
        let lastSound = Note.lastSoundEnd(of: try FileIO.readMIDIFile(Self.path).performance.notes)
        #expect(imported.durationNs == lastSound && recorded.durationNs == lastSound)
        #expect(report.session.duration == Seconds.from(lastSound))
        #expect(Formatting.duration(recorded.durationNs) == ReportFormat.clock(report.session.duration))
        // Recorded from the file, the session keeps the file's timeline, lead-in included.
        let times = { (id: Int64) in try library.events(session: id).map(\.time) }
        #expect(try times(imported.id) == times(recorded.id))
    }

    /// One playing time per session: stored at import (before any analysis), in the report's
    /// JSON and its time metrics, in the text report, and in the trends — also when the stored
    /// analysis was made by an older analyzer.
    @Test func sessionsReportAndStatsAgreeOnPlayingTime() async throws {
        let sandbox = Sandbox()
        #expect(await sandbox.run("import", Self.path) == 0)
        let library = try Library(path: sandbox.library)
        let stored = try library.session(1)
        let playing = Seconds.from(stored.activeNs)
        #expect(stored.activeNs == Note.activeDuration(of: try FileIO.readMIDIFile(Self.path).performance.notes))
        // An analysis stored by an older analyzer: stats must not read its playing time.
        var old = try Self.report()
        old.session.activeTime = 1
        try library.storeAnalysis(old.jsonData(), analyzerVersion: 1, for: 1)
        let statsFile = sandbox.root + "/stats.json"
        #expect(await sandbox.run("stats", "--since", "all", "--format", "json", "-o", statsFile) == 0)
        let stats = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: statsFile)))
        #expect(((stats as? [String: Any])?["totals"] as? [String: Any])?["playing"] as? Double == playing)
        let reportFile = sandbox.root + "/report.json"
        #expect(await sandbox.run("report", "1", "--format", "json", "-o", reportFile) == 0)
        let report = try PracticeReport.decode(Data(contentsOf: URL(fileURLWithPath: reportFile)))
        #expect(report.session.activeTime == playing && report.metrics.time?.active == playing)
        #expect(report.text().contains("\(Formatting.duration(stored.activeNs)) playing"))
        #expect(report.markdown().contains("| Playing (active) | \(Formatting.duration(stored.activeNs)) |"))
    }
}
