import ArgumentParser
import BenchmarkSupport
import Foundation
import MIDICore
import PracticeAnalyzer
import PracticeReports
import PracticeSegmenter

/// The report of an analysed session in each format: text, JSON, Markdown, HTML.
struct ReportBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reports",
        abstract: "Renders the report of each session as text, JSON, Markdown and HTML (best of runs)."
    )

    @Argument(help: "MIDI files (e.g. the generated sessions of `analysis generate`).")
    var files: [String]

    @Option(help: "Runs of each rendering; the best counts.")
    var repeats = 3

    @OptionGroup var output: OutputOptions

    func run() throws {
        for path in files {
            let performance = try Performance(midiFile: try [UInt8](Data(contentsOf: URL(fileURLWithPath: path))))
            let notes = performance.notes
            let segmentation = PracticeSegmenter().segment(notes, pedalMoves: performance.pedalMoves)
            let analysis = WorkflowAnalyzer().analyze(segmentation, notes: notes)
            let report = PracticeReport(segmentation, noteCount: notes.count, analysis: analysis)
            let text = Timing.best(of: repeats) { report.text() }
            let json = try Timing.best(of: repeats) { try report.jsonData() }
            let markdown = Timing.best(of: repeats) { report.markdown() }
            let html = Timing.best(of: repeats) { report.html(notes: notes) }
            Record([
                "file": URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent, "notes": notes.count,
                "hours": Double(Note.lastSoundEnd(of: notes)) / 3.6e12, "textSeconds": text.seconds,
                "jsonSeconds": json.seconds, "markdownSeconds": markdown.seconds, "htmlSeconds": html.seconds,
                "htmlBytes": html.result.utf8.count, "jsonBytes": json.result.count,
                "peakRSSBytes": ProcessMetrics.peakResidentBytes(),
            ]).print(json: output.json)
        }
    }
}
