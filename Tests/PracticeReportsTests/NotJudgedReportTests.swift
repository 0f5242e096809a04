import Foundation
import MIDICore
import PracticeAnalyzer
import PracticeReports
import PracticeTestSupport
import Testing

/// Takes whose notes were not judged read "not judged" or "—" in every rendering — never 0 —
/// and no highlight is built on them.
@Suite("Reports of takes not judged")
struct NotJudgedReportTests {
    /// A passage tried twice, the first time with a wrong note: one take is no reference for
    /// the other, so neither is judged.
    static func twoTakes() -> (report: PracticeReport, notes: [Note]) {
        var builder = SessionBuilder()
        var wrong = TakePlan()
        wrong.wrong = [2]
        builder.repertoire("m1", name: "Minuet", passage: .demo, takes: [wrong, TakePlan()])
        let analysis = WorkflowAnalyzer().analyze(builder.segmentation, notes: builder.notes)
        return (PracticeReport(builder.segmentation, noteCount: builder.notes.count, analysis: analysis), builder.notes)
    }

    @Test("JSON: no errors, the reason, and errorsJudged 0 beside errorsPerTake")
    func json() throws {
        let (report, _) = Self.twoTakes()
        let object = try #require(try JSONSerialization.jsonObject(with: report.jsonData()) as? [String: Any])
        let steps = try #require(object["steps"] as? [[String: Any]])
        let takes = try #require(steps.first?["takes"] as? [[String: Any]])
        #expect(takes.map { $0["errors"] == nil } == [true, true])
        #expect(takes.map { $0["notJudged"] as? String } == ["few-takes", "few-takes"])
        #expect(takes.map { $0["clean"] == nil } == [true, true])
        let metrics = try #require(object["metrics"] as? [String: Any])
        let totals = try #require(metrics["takeTotals"] as? [String: Any])
        #expect(totals["errorsJudged"] as? Int == 0)
        #expect(totals["judged"] as? Int == 0)
        #expect(try PracticeReport.decode(report.jsonData()) == report)
    }

    @Test("text and Markdown say not judged and show — for errors per take; no 'no clean take' highlight")
    func textAndMarkdown() {
        let (report, _) = Self.twoTakes()
        let text = report.text()
        #expect(text.contains("clean: not judged"))
        #expect(text.contains("errors not judged"))
        #expect(!text.contains("errors per take"))
        #expect(!text.contains("no clean take"))
        let markdown = report.markdown()
        #expect(markdown.contains("| Errors per take | — |"))
        #expect(markdown.contains("| Notes not judged | 2 |"))
        #expect(!markdown.contains("no clean take"))
    }

    @Test("HTML marks each take not judged, not 0 errors")
    func html() {
        let (report, notes) = Self.twoTakes()
        let html = report.html(notes: notes)
        #expect(html.contains("#1 not judged"))
        #expect(html.contains("#2 not judged"))
        #expect(html.contains("errors not judged"))
        #expect(!html.contains("0 err"))
        #expect(!html.contains("no clean take"))
    }
}
