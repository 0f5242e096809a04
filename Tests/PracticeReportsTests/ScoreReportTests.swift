import Foundation
import MIDICore
import PracticeAnalyzer
import PracticeReports
import PracticeSegmenter
import PracticeTestSupport
import Testing

/// Takes judged against a score: where their errors were, the bars that need work and the
/// tempo against the score's mark, in every rendering.
@Suite("Reports of takes judged against a score")
struct ScoreReportTests {
    /// Four takes of a generated 12-bar score, three of them with the same wrong note in bar 7
    /// and one more error each in bars 10 and 4; the piece named with markup in it.
    static func session() -> (report: PracticeReport, notes: [Note], score: TestScore) {
        let score = TestScore()
        var session = ScoredSession(score: score)
        session.play(1...12, mistakes: [.wrong(bar: 7, beat: 2), .missing(bar: 10, beat: 2)])
        session.play(
            1...12,
            mistakes: [.wrong(bar: 7, beat: 2), .extra(bar: 4, beat: 3, key: score.strayKey(bar: 4, beat: 3))]
        )
        session.play(1...12, mistakes: [.wrong(bar: 7, beat: 2)])
        session.play(1...12)
        var segmentation = session.segmentation
        segmentation.materials[0].name = "Étude <b>\"1\"</b> & co"
        let analysis = WorkflowAnalyzer().analyze(
            segmentation,
            notes: session.notes,
            context: AnalysisContext(scores: [1: score.fingerprint])
        )
        return (PracticeReport(segmentation, noteCount: session.notes.count, analysis: analysis), session.notes, score)
    }

    @Test("JSON: takes[].errorPlaces, materials[].barErrors, barsNeedingWork and markedTempo")
    func json() throws {
        let (report, _, score) = Self.session()
        let object = try #require(try JSONSerialization.jsonObject(with: report.jsonData()) as? [String: Any])
        let steps = try #require(object["steps"] as? [[String: Any]])
        let takes = try #require(steps.first?["takes"] as? [[String: Any]])
        let places = try #require(takes.first?["errorPlaces"] as? [[String: Any]])
        #expect(places.map { $0["kind"] as? String } == ["wrong", "missing"])
        #expect(places.map { $0["bar"] as? Int } == [7, 10])
        #expect(places.map { $0["beat"] as? Double } == [2, 2])
        #expect(
            places.map { $0["key"] as? Int } == [
                Int(score.wrongKey(bar: 7, beat: 2)), Int(score.melody(bar: 10, beat: 2)),
            ]
        )
        #expect(places.allSatisfy { $0["barLabel"] == nil && $0["time"] is Double })
        #expect((takes.last?["errorPlaces"] as? [Any])?.isEmpty == true)
        let material = try #require((object["materials"] as? [[String: Any]])?.first)
        #expect(material["markedTempo"] as? Double == 120)
        #expect((material["barErrors"] as? [[String: Any]])?.count == 12)
        let runs = try #require(material["barsNeedingWork"] as? [[String: Any]])
        #expect(runs.map { ($0["bars"] as? [String: Any])?["first"] as? Int } == [4, 7, 10])
        #expect(runs.map { $0["takesWithErrors"] as? Int } == [1, 3, 1])
        #expect(runs.map { $0["takes"] as? Int } == [4, 4, 4])
        #expect(try PracticeReport.decode(report.jsonData()) == report)
    }

    @Test("text and Markdown: the tempo against ♩ = 120 and the bars that need work, worst first")
    func textAndMarkdown() {
        let (report, _, _) = Self.session()
        let text = report.text()
        #expect(text.contains("SCORES"))
        #expect(text.contains("played at 100% of ♩ = 120"))
        #expect(text.contains("bar 7: errors in 3 of 4 takes · bar 4: errors in 1 of 4 takes"))
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= 80 })
        let markdown = report.markdown()
        #expect(markdown.contains("## Score: Étude \\<b\\>\"1\"\\</b\\> & co"))
        #expect(markdown.contains("Played at 100% of ♩ = 120."))
        #expect(markdown.contains("| bar 7 | 3 of 4 | 3 |"))
    }

    @Test("HTML: a heat strip over the bar numbers, escaped names, error places on the chips")
    func html() throws {
        let (report, notes, _) = Self.session()
        let html = report.html(notes: notes)
        #expect(html.contains("<svg class=\"heatstrip\""))
        #expect(html.components(separatedBy: "<text class=\"barnumber\"").count - 1 == 12)
        #expect(html.contains("<title>bar 7: errors in 3 of 4 takes (3 errors)</title>"))
        #expect(html.contains("<title>bar 1: errors in 0 of 4 takes</title>"))
        #expect(html.contains("Étude &lt;b&gt;&quot;1&quot;&lt;/b&gt; &amp; co"))
        #expect(!html.contains("<b>\"1\"</b>"))
        #expect(html.contains("100% of ♩ = 120"))
        #expect(html.contains("title=\"bar 7 beat 2: wrong "))
        #expect(html.contains("<li>bar 7: errors in 3 of 4 takes</li>"))
    }
}
