import Foundation
import MIDICore
import PracticeAnalyzer
import PracticeReports
import PracticeSegmenter
import Testing

/// The exercises named in technique steps, in the document and every rendering.
@Suite("Exercises in reports")
struct ExerciseReportTests {
    /// A warm-up, both hands an octave apart, a sixteenth every 0.15 s: a D harmonic minor scale
    /// over 2 octaves, a C major arpeggio over 2 octaves, a Hanon-like figure in C; segmented and
    /// analysed.
    static func warmUpReport() -> (report: PracticeReport, notes: [Note]) {
        var line: [Int] = [50]
        for step in [2, 1, 2, 2, 1, 3, 1, 2, 1, 2, 2, 1, 3, 1] { line.append(line.last! + step) }
        let scale = line + line.dropLast().reversed()
        let arpeggio = [48, 52, 55, 60, 64, 67, 72, 67, 64, 60, 55, 52, 48]
        let cMajor = [0, 2, 4, 5, 7, 9, 11]
        var hanon: [Int] = []
        for start in 0..<8 {
            for degree in [0, 2, 3, 4, 5, 4, 3, 2].map({ start + $0 }) {
                hanon.append(48 + 12 * (degree / 7) + cMajor[degree % 7])
            }
        }
        var notes: [Note] = []
        var time = 0.5
        for exercise in [scale, arpeggio, hanon] {
            for key in exercise {
                for played in [key - 12, key] {
                    let onset = Int64.fromSeconds(time)
                    let release = onset + Int64.fromSeconds(0.13)
                    notes.append(Note(onset: onset, release: release, end: release, key: UInt8(played), velocity: 64))
                }
                time += 0.15
            }
            time += 2
        }
        let segmentation = PracticeSegmenter().segment(notes)
        let analysis = WorkflowAnalyzer().analyze(segmentation, notes: notes)
        return (PracticeReport(segmentation, noteCount: notes.count, analysis: analysis), notes)
    }

    static let labels = [
        "D minor scale (harmonic), 2 octaves, hands together", "C major arpeggio, 2 octaves, hands together",
        "Hanon-like pattern in C major, hands together",
    ]

    @Test("technique steps carry their exercises in the JSON; other steps none")
    func json() throws {
        let (report, _) = Self.warmUpReport()
        let data = try report.jsonData()
        #expect(try PracticeReport.decode(data) == report)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let steps = try #require(object["steps"] as? [[String: Any]])
        #expect(steps.count == 1)
        #expect(
            steps[0]["label"] as? String == "warm-up: D minor scale, C major arpeggio, Hanon-like pattern in C major"
        )
        let exercises = try #require(steps[0]["exercises"] as? [[String: Any]])
        #expect(exercises.map { $0["label"] as? String } == Self.labels)
        #expect(exercises.map { $0["kind"] as? String } == ["scale", "arpeggio", "hanon"])
        #expect(exercises.map { $0["key"] as? String } == ["D minor", "C major", "C major"])
        #expect(exercises.map { $0["mode"] as? String } == ["harmonic-minor", "major", "major"])
        #expect(exercises.map { $0["octaves"] as? Int } == [2, 2, nil])
        #expect(exercises.map { $0["hands"] as? String } == ["together", "together", "together"])
        let starts = exercises.compactMap { $0["start"] as? Double }
        #expect(starts.count == 3 && starts == starts.sorted() && starts[0] >= 0.4 && starts[0] < 0.6)
        #expect(report.tags.contains("d-minor") && report.tags.contains("c-major") && report.tags.contains("arpeggios"))
        // Without the analyzer the document's tags are the kinds practised, not labels.
        let plain = PracticeReport(PracticeSegmenter().segment(Self.warmUpReport().notes), noteCount: 1)
        #expect(plain.tags == ["technique"])
    }

    @Test("the text lists the exercises under the technique step, within 80 columns")
    func text() {
        let text = Self.warmUpReport().report.text()
        for label in Self.labels { #expect(text.contains("· " + label)) }
        for line in text.split(separator: "\n") { #expect(line.count <= 80, "\(line.count) columns: \(line)") }
    }

    @Test("Markdown rows and an HTML list, escaped")
    func markdownAndHTML() throws {
        let (report, notes) = Self.warmUpReport()
        #expect(report.markdown().contains("| ↳ Hanon-like pattern in C major, hands together |"))
        let page = report.html(notes: notes)
        #expect(page.contains("<h2>Technique</h2>"))
        for label in Self.labels { #expect(page.contains(label)) }
        var strange = report
        strange.steps[0].exercises?[0].label = "<b>scale</b> & co"
        let escaped = strange.html(notes: notes)
        #expect(escaped.contains("&lt;b&gt;scale&lt;/b&gt; &amp; co"))
        #expect(!escaped.contains("<b>scale"))
        #expect(strange.markdown().contains("\\<b\\>scale"))
    }
}
