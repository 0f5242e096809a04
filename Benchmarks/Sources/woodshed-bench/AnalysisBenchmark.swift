import ArgumentParser
import BenchmarkSupport
import Foundation
import MIDICore
import PracticeAnalyzer
import PracticeSegmenter

/// The analysis of a session — segmenter, then analyzer — as `woodshed analyze` runs it, on
/// generated sessions and on real rehearsals.
struct AnalysisBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analysis",
        abstract: "Analyses sessions (segmenter and analyzer): time, notes/s, peak memory.",
        subcommands: [Generate.self, Run.self]
    )

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Writes generated sessions as MIDI files: \(PracticeScenario.names.joined(separator: ", "))."
        )

        @Argument(help: "Folder to write into (made if missing).")
        var folder: String

        @Option(help: "Only this scenario (repeatable).")
        var scenario: [String] = []

        func run() throws {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            for name in scenario.isEmpty ? PracticeScenario.names : scenario {
                guard let notes = PracticeScenario.notes(name) else {
                    throw ValidationError(
                        "unknown scenario \(name) (\(PracticeScenario.names.joined(separator: ", ")))"
                    )
                }
                let file = StandardMIDIFile(performance: Self.messages(notes), portNames: ["Piano"], title: name)
                try Data(file.encoded()).write(to: URL(fileURLWithPath: folder).appendingPathComponent(name + ".mid"))
            }
        }

        /// Note-ons and note-offs of notes (without pedal: each ends when released), in time order.
        static func messages(_ notes: [Note]) -> [TimedMessage] {
            notes.flatMap { note in
                [
                    TimedMessage(
                        time: note.onset,
                        message: .noteOn(channel: 0, key: note.key, velocity: note.velocity)
                    ),
                    TimedMessage(time: note.release, message: .noteOff(channel: 0, key: note.key, velocity: 64)),
                ]
            }.sorted { $0.time < $1.time }
        }
    }

    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "One record per MIDI file: segmenter and analyzer seconds (best of runs), peak memory."
        )

        @Argument(help: "MIDI files.")
        var files: [String]

        @Option(help: "Runs of each; the best counts.")
        var repeats = 1

        @OptionGroup var output: OutputOptions

        func run() throws {
            for path in files {
                let performance = try Performance(midiFile: try [UInt8](Data(contentsOf: URL(fileURLWithPath: path))))
                let notes = performance.notes
                let pedalMoves = performance.pedalMoves
                let before = ProcessMetrics.peakResidentBytes()
                let cpuBefore = ProcessMetrics.cpuSeconds()
                var segmentation: Segmentation?
                let segmenting = Timing.best(of: repeats) {
                    segmentation = PracticeSegmenter().segment(notes, pedalMoves: pedalMoves)
                }
                let analysing = Timing.best(of: repeats) {
                    WorkflowAnalyzer().analyze(segmentation!, notes: notes)
                }
                let cpu = (ProcessMetrics.cpuSeconds() - cpuBefore) / Double(max(1, repeats))
                Record([
                    "file": URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent,
                    "notes": notes.count, "hours": Double(Note.lastSoundEnd(of: notes)) / 3.6e12,
                    "segmentSeconds": segmenting.seconds, "analyzeSeconds": analysing.seconds,
                    "seconds": segmenting.seconds + analysing.seconds, "cpuSeconds": cpu,
                    "steps": segmentation!.steps.count, "takes": segmentation!.steps.reduce(0) { $0 + $1.takes.count },
                    "materials": segmentation!.materials.count, "peakRSSBytes": ProcessMetrics.peakResidentBytes(),
                    "rssBeforeBytes": before,
                ]).print(json: output.json)
            }
        }
    }
}
