import Foundation
import MIDICore
import PracticeAnalyzer
import PracticeLibrary
import PracticeReports
import Testing

/// Every file in Fixtures/hostile (hand-built by scripts/torture_corpus.py: absurd delta times,
/// notes that never end, tracks claimed and missing, control characters in names…) and in
/// Fixtures/fuzz (findings of scripts/fuzz, kept as regressions) goes the way `woodshed analyze
/// FILE` takes it: a one-line error of the user's, or a report in every rendering. No trap.
@Suite struct HostileFixtureTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures")

    static var files: [String] {
        var found: [String] = []
        for folder in ["hostile", "fuzz"] {
            let root = fixtures.appendingPathComponent(folder)
            let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
            while let file = walker?.nextObject() as? URL {
                if file.pathExtension == "mid" { found.append(file.path) }
            }
        }
        return found.sorted()
    }

    @Test func thereAreHostileFixtures() {
        #expect(Self.files.count >= 10)
    }

    @Test(arguments: files)
    func analysesOrSaysWhyInOneLine(path: String) throws {
        let performance: Performance
        do {
            performance = try FileIO.readPerformance(path)
        } catch {
            let problem = error.userFacing
            #expect(problem.exitStatus == .userError, "\(problem.line)")
            #expect(!problem.line.contains("\n"))
            #expect(problem.line.hasPrefix(path))
            return
        }
        let report = SessionAnalysis.report(
            notes: performance.notes,
            pedalMoves: performance.pedalMoves,
            context: AnalysisContext(template: try ProcessTemplates.load(nil)),
            facts: PracticeReport.SessionFacts(source: URL(fileURLWithPath: path).lastPathComponent)
        )
        let text = report.text() + report.markdown()
        #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x9B })
        _ = try report.jsonData()
        _ = report.html(notes: performance.notes)
        #expect(report.session.duration <= Double(SessionSpan.plausible) / 1e9)
    }

    @Test func absurdTimingIsRefusedNamingTheMessage() {
        let path = Self.fixtures.appendingPathComponent("hostile/absurd-delta.mid").path
        #expect {
            _ = try FileIO.readPerformance(path)
        } throws: { error in
            (error as? SessionSpanError)?.line.hasPrefix("\(path): message 1 of 6400 lies ") == true
        }
    }

    @Test func velocityZeroNoteOnsAreReadAsNoteOffsAndKeepTheirBytes() throws {
        let path = Self.fixtures.appendingPathComponent("hostile/velocity-zero-note-ons.mid").path
        let performance = try FileIO.readPerformance(path)
        #expect(performance.notes.count == 50)
        #expect(performance.messages.filter { $0.message.bytes == [0x90, 0x3C, 0x00] }.count == 50)
    }
}
