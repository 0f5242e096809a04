import Foundation
import MIDICore
import PracticeAnalyzer
import PracticeReports
import PracticeSegmenter
import PracticeTestSupport
import Testing

/// A generated session with everything the renderings show: technique, two pieces with takes
/// (wrong notes, an abandoned take, slow practice), a return, free play and a break.
func sampleSession(pieceName: String = "Minuet") -> (report: PracticeReport, notes: [Note]) {
    var builder = SessionBuilder()
    builder.play(.technique, "D minor scale, 2 octaves", material: "t1", keys: [62, 64, 65, 67, 69, 70, 73, 74])
    builder.pause(2)
    var slow = TakePlan()
    slow.tempo = 0.6
    slow.wrong = [2]
    var abandoned = TakePlan()
    abandoned.stopAfter = 3
    builder.repertoire("m1", name: pieceName, passage: .demo, takes: [slow, abandoned, TakePlan(), TakePlan()])
    builder.rest(30)
    builder.repertoire("m2", name: "Etude", passage: .demo, takes: [TakePlan(), TakePlan()], gap: 0.5)
    builder.pause(2)
    builder.repertoire("m1", name: pieceName, passage: .demo, passageID: "m1/p2", takes: [TakePlan()])
    builder.play(.free, "free play", material: "f1", keys: [50, 53, 57, 60, 57, 53, 50, 45])
    let template = ProcessTemplate(
        name: "daily-practice",
        title: "Daily practice",
        steps: [
            .init(id: "warm-up", title: "Warm-up", kinds: [.technique], minutes: 10),
            .init(id: "passage-work", title: "Passage work", kinds: [.repertoire], activity: .passageWork, minutes: 25),
            .init(id: "run-through", title: "Run-through", kinds: [.repertoire], activity: .runThrough, minutes: 5),
        ]
    )
    let analysis = WorkflowAnalyzer().analyze(
        builder.segmentation,
        notes: builder.notes,
        context: AnalysisContext(startHour: 8, template: template)
    )
    let report = PracticeReport(
        builder.segmentation,
        noteCount: builder.notes.count,
        analysis: analysis,
        facts: .init(id: 7, start: "2026-11-24T08:15:00+01:00", source: "Digital Piano"),
        woodshedVersion: "0.1.0"
    )
    return (report, builder.notes)
}

@Suite("Report document and renderings")
struct ReportTests {
    @Test("JSON keeps every v1 field and adds the metrics; it decodes back to the same report")
    func json() throws {
        let (report, _) = sampleSession()
        let data = try report.jsonData()
        #expect(try PracticeReport.decode(data) == report)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["schema"] as? String == "woodshed.report.v1")
        let metrics = try #require(object["metrics"] as? [String: Any])
        #expect(metrics["contextSwitches"] as? Int == 4)
        #expect(metrics["takes"] as? Int == 7)
        #expect((metrics["takeTotals"] as? [String: Any])?["count"] as? Int == 7)
        let steps = try #require(object["steps"] as? [[String: Any]])
        #expect(
            steps.map { $0["kind"] as? String } == [
                "technique", "repertoire", "rest", "repertoire", "repertoire", "free",
            ]
        )
        let take = try #require((steps[1]["takes"] as? [[String: Any]])?.first)
        for key in ["start", "end", "passage", "complete", "clean", "errors", "tempo"] {
            #expect(take[key] != nil, "take has \(key)")
        }
    }

    @Test("a report from before the analyzer (v1 fields only) still decodes and renders")
    func oldReport() throws {
        let old = """
            {"schema": "woodshed.report.v1", "session": {"duration": 61.5, "activeTime": 50, "notes": 120},
             "steps": [{"start": 0.5, "end": 41.2, "kind": "technique", "material": "t1", "label": "scales",
                        "takes": [], "notes": 80},
                       {"start": 42, "end": 61, "kind": "repertoire", "material": "m1", "label": "piece 1",
                        "takes": [{"start": 42, "end": 50, "passage": "m1/p1", "complete": true, "from": 0, "to": 9}],
                        "notes": 40}],
             "materials": [{"id": "t1", "kind": "technique", "name": "scales", "isNew": true}],
             "metrics": {"contextSwitches": 1, "takes": 1, "restTime": 0}, "tags": ["scales"]}
            """
        let report = try PracticeReport.decode(Data(old.utf8))
        #expect(report.metrics.takes == 1)
        #expect(report.text().contains("1 take"))
        #expect(report.markdown().contains("| Takes | 1 |"))
        #expect(report.html(notes: []).contains("</html>"))
    }

    @Test("the text report fits 80 columns, even with a long name")
    func width() {
        let (report, _) = sampleSession(pieceName: String(repeating: "Sonata in B-flat major ", count: 6))
        for line in report.text().split(separator: "\n", omittingEmptySubsequences: false) {
            #expect(line.count <= 80, "\(line.count) columns: \(line)")
        }
    }

    @Test("the numbers in the text report are the JSON's")
    func textAgreesWithJSON() throws {
        let (report, _) = sampleSession()
        let text = report.text()
        let totals = try #require(report.metrics.takeTotals)
        let time = try #require(report.metrics.time)
        let focus = try #require(report.metrics.focus)
        // The Etude's two takes and the passage played once (m1/p2) have nothing trustworthy to be
        // compared with: 2 of the 4 takes judged are clean.
        #expect(
            text.contains(
                "TAKES     \(totals.count) takes · \(totals.clean) of \(totals.judged) clean "
                    + "(\(Int((totals.cleanRatio * 100).rounded()))%) · \(totals.abandoned) abandoned"
            )
        )
        #expect(text.contains("\(totals.restartsWithoutPause) restarted without a pause"))
        #expect(text.contains("TIME      \(ReportFormat.clock(time.active)) playing"))
        #expect(text.contains("\(focus.contextSwitches) switches"))
        #expect(text.contains("\(report.session.notes) notes"))
        for passage in report.passages ?? [] where passage.takes.judged > 0 {
            #expect(text.contains("\(passage.takes.clean)/\(passage.takes.judged)"))
        }
        // The generated session: 7 takes, 2 of 4 judged clean, 1 abandoned; the notes of 3 judged.
        #expect((totals.count, totals.clean, totals.judged, totals.abandoned) == (7, 2, 4, 1))
        #expect(totals.errorsJudged == 3)
        #expect(totals.cleanRatio == 0.5)
        #expect(text.contains("0.3 errors per take"))
        #expect(report.markdown().contains("| Notes not judged | 4 |"))
    }

    @Test("a count of one reads in the singular in the text, Markdown and HTML reports")
    func singular() throws {
        var (report, notes) = sampleSession()
        report.session.notes = 1
        report.metrics.focus?.fragmentation = 1
        report.metrics.takeTotals?.errorsPerTake = 1
        report.metrics.process?.unmatchedSteps = 1
        report.passages?[0].takes.errorsPerTake = 1
        let text = report.text().replacingOccurrences(of: "\n          ", with: " ")
        for phrase in ["1 note ·", "1 material per 10 min", "1 error per take", "in 1 unmatched step"] {
            #expect(text.contains(phrase), "text lacks '\(phrase)'")
        }
        #expect(report.markdown().contains("1 note ·"))
        #expect(report.html(notes: notes).contains("1 error per take"))
        // No number one followed by a plural count noun anywhere.
        let plural = try Regex(
            #"(^|[^\d.,:])1 (notes|materials|errors|takes|switches|returns|steps|unmatched steps|sessions|days|tries)\b"#
        )
        for (name, rendering) in [("text", text), ("markdown", report.markdown()), ("html", report.html(notes: notes))]
        {
            #expect(rendering.firstMatch(of: plural) == nil, "\(name) says '1 …s'")
        }
        #expect(ReportFormat.plural(1.5, "material") == "1.5 materials")
        #expect(ReportFormat.plural(0.96, "error") == "1 error")
        #expect(ReportFormat.plural(1234, "note") == "1,234 notes")
    }

    @Test("colour only where the style asks for it")
    func style() {
        let (report, _) = sampleSession()
        #expect(!report.text().contains("\u{1B}"))
        let marked = report.text(style: TextStyle { text, role in role == .heading ? "<\(text)>" : text })
        #expect(marked.hasPrefix("<Session 7 · Tue 24 Nov 2026, 08:15>"))
    }

    @Test("Markdown escapes what users typed")
    func markdown() {
        let (report, _) = sampleSession(pieceName: "*Bold* | [link](x)")
        let markdown = report.markdown()
        #expect(markdown.contains("\\*Bold\\* \\| \\[link\\](x)"))
        #expect(markdown.contains("## Passages"))
    }

    @Test("HTML is one self-contained page with every string escaped")
    func html() {
        let (report, notes) = sampleSession(pieceName: "<script>alert(\"Für Elise\")</script> & co")
        let page = report.html(notes: notes)
        #expect(page.hasPrefix("<!doctype html>"))
        #expect(!page.contains("<script"))
        #expect(page.contains("&lt;script&gt;alert(&quot;Für Elise&quot;)&lt;/script&gt; &amp; co"))
        for remote in ["http://", "https://", "<link", "@import", "src="] {
            #expect(!page.contains(remote), "page refers to \(remote)")
        }
        for section in ["Timeline", "Piano roll", "Passages", "Process: Daily practice", "Metrics", "Tags"] {
            #expect(page.contains("<h2>\(section)</h2>"), "page has \(section)")
        }
        // One path per kind in the piano roll, not one element per note.
        #expect(page.components(separatedBy: "<path class=\"repertoire\"").count == 2)
        // The passage played once is listed under its title.
        #expect(page.contains("<p class=\"singles-title\">Played once</p>"))
        // Error counts stay inside the charts, also above a point at the top.
        for label in page.components(separatedBy: "<text class=\"errors\"").dropFirst() {
            let y = label.split(separator: "y=\"").dropFirst().first?.prefix { $0 != "\"" }
            #expect(Double(y.map(String.init) ?? "") ?? 0 >= 10, "error label at y=\(y ?? "?")")
        }
    }
}
