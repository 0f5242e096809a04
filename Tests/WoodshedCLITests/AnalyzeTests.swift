import Foundation
import MIDICore
import PracticeReports
import PracticeSimulator
import PracticeTestSupport
import SessionStore
import Testing

@testable import WoodshedCLI

/// `woodshed analyze` and `woodshed pieces` on sessions made by the project's simulator.
struct AnalyzeTests {
    @Test func analyzeWritesAReportFile() async throws {
        let sandbox = Sandbox()
        let input = sandbox.write(SimulatedPractice.file(seed: 1).encoded(), "practice.mid")
        let output = sandbox.root + "/report.json"
        #expect(await sandbox.run("analyze", input, "--format", "json", "-o", output) == 0)
        let report = try PracticeReport.decode(Data(contentsOf: URL(fileURLWithPath: output)))
        #expect(report.schema == "woodshed.report.v1")
        #expect(report.metrics.takes == 4)
        #expect(report.steps.filter { $0.kind == .repertoire }.count == 1)
        #expect(report.metrics.process?.template == "daily-practice")
    }

    @Test func analyzeRejectsBadInput() async {
        let sandbox = Sandbox()
        #expect(await sandbox.run("analyze") == 1)
        #expect(await sandbox.run("analyze", sandbox.root + "/missing.mid") == 1)
        let input = sandbox.write(SimulatedPractice.file(seed: 1).encoded(), "practice.mid")
        #expect(await sandbox.run("analyze", input, "--process", "no-such-template") == 1)
    }

    /// Two sessions of the same piece: the second is matched to the piece the first stored.
    @Test func storedSessionsShareTheirPiece() async throws {
        let sandbox = Sandbox()
        for seed in [1, 2] as [UInt64] {
            let input = sandbox.write(SimulatedPractice.file(seed: seed).encoded(), "practice\(seed).mid")
            #expect(await sandbox.run("import", input) == 0)
        }
        #expect(await sandbox.run("analyze", "--session", "1", "-o", sandbox.root + "/one.txt") == 0)
        #expect(await sandbox.run("analyze", "--session", "2", "-o", sandbox.root + "/two.txt") == 0)
        let library = try Library(path: sandbox.library)
        let materials = try library.materials()
        #expect(materials.count == 1)
        #expect(materials.first?.sessionCount == 2)
        let second = try PracticeReport.decode(try #require(try library.analysis(session: 2)).report)
        #expect(second.materials.first?.libraryID == materials.first?.id)
        #expect(second.materials.first?.isNew == false)
        // Until named, the piece is "Piece #id" and gives no tag; re-analysing keeps it new in session 1.
        #expect(materials[0].name == "Piece #\(materials[0].id)")
        #expect(!(try library.session(1).tags.contains { $0.hasPrefix("piece") }))
        #expect(await sandbox.run("pieces", "name", "\(materials[0].id)", "Sonatina") == 0)
        #expect(try library.materials().first?.name == "Sonatina")
        #expect(await sandbox.run("analyze", "--session", "1", "-o", sandbox.root + "/again.txt") == 0)
        let again = try PracticeReport.decode(try #require(try library.analysis(session: 1)).report)
        #expect(again.materials.first?.name == "Sonatina")
        #expect(again.materials.first?.isNew == true)
        #expect(try library.session(1).tags.contains("sonatina"))
        #expect(await sandbox.run("pieces", "name", "99", "Nothing") == 1)
    }
}
