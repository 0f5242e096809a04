import Foundation
import MIDICore
import PracticeAnalyzer
import PracticeReports
import PracticeTestSupport
import Testing

/// Passages in the order they lie in the piece, named by where they start; rates only over
/// enough playing.
@Suite("Passage places and rates")
struct PassagePlacesTests {
    /// Three passages of one piece, practised out of order: p1 at positions 30–38, p2 the
    /// opening 0–8, p3 30–45 played once; the fastest clean take moves 2.5 positions a second.
    static func report() -> PracticeReport {
        var builder = SessionBuilder()
        builder.repertoire("m1", name: "Minuet", passage: .demo, passageID: "m1/p1", takes: [TakePlan(), TakePlan()])
        builder.repertoire("m1", name: "Minuet", passage: .demo, passageID: "m1/p2", takes: [TakePlan(), TakePlan()])
        builder.repertoire("m1", name: "Minuet", passage: .demo, passageID: "m1/p3", takes: [TakePlan()])
        let analysis = WorkflowAnalyzer().analyze(builder.segmentation, notes: builder.notes)
        var report = PracticeReport(builder.segmentation, noteCount: builder.notes.count, analysis: analysis)
        let places: [String: (Double, Double)] = ["m1/p1": (30, 38), "m1/p2": (0, 8), "m1/p3": (30, 45)]
        for index in report.passages!.indices {
            let place = places[report.passages![index].id]!
            report.passages![index].from = place.0
            report.passages![index].to = place.1
        }
        report.materials[0].bestPace = 2.5
        return report
    }

    @Test("ordered by where they lie, named by their start (and end when two start together)")
    func placesInThePiece() {
        let placed = Self.report().placedPassages()
        #expect(placed.map(\.passage.id) == ["m1/p2", "m1/p1", "m1/p3"])
        #expect(placed.map(\.label) == ["from the opening", "from 0:12 to 0:15", "from 0:12 to 0:18"])
    }

    @Test("passages named alike lie together, the shorter first, whatever their exact first position")
    func alikeTogether() {
        var report = Self.report()
        let places: [String: (Double, Double)] = ["m1/p1": (0.5, 5), "m1/p2": (0, 8), "m1/p3": (30, 45)]
        for index in report.passages!.indices {
            let place = places[report.passages![index].id]!
            report.passages![index].from = place.0
            report.passages![index].to = place.1
        }
        let placed = report.placedPassages()
        #expect(placed.map(\.passage.id) == ["m1/p1", "m1/p2", "m1/p3"])
        #expect(
            placed.map(\.label) == ["from the opening to 0:02", "from the opening to 0:03", "from 0:12 of the piece"]
        )
    }

    @Test("the text report lists them in that order, a passage played once shows —, no ids or positions")
    func textReport() throws {
        let text = Self.report().text()
        let lines = text.split(separator: "\n").map(String.init)
        let rows = lines.filter { $0.hasPrefix("  Minuet · ") }
        try #require(rows.count == 3)
        #expect(rows[0].contains("from the opening") && rows[1].contains("to 0:15") && rows[2].contains("to 0:18"))
        #expect(rows[2].hasSuffix("—"))
        #expect(!text.contains("· p1") && !text.contains("positions"))
        let html = Self.report().html(notes: [])
        #expect(html.contains("Minuet · from the opening") && !html.contains("positions 0"))
    }

    @Test("without a pace a passage is named by its first position")
    func noPace() {
        var report = Self.report()
        report.materials[0].bestPace = nil
        for index in report.steps.indices { report.steps[index].takes = [] }
        #expect(
            report.placedPassages().map(\.label) == [
                "from the opening", "from position 30 to position 38", "from position 30 to position 45",
            ]
        )
    }

    @Test("switches per hour only past 10 minutes of playing; the count otherwise")
    func rates() throws {
        var report = Self.report()
        report.metrics.contextSwitches = 1
        report.metrics.focus?.switchesPerHour = 161.5
        report.session.activeTime = 22
        let short = report.text()
        #expect(short.contains("1 switch ·") && !short.contains("/h"))
        #expect(report.markdown().contains("— (under 10 min of playing)"))
        report.session.activeTime = 700
        #expect(report.text().contains("1 switch (161.5/h)"))
    }
}
