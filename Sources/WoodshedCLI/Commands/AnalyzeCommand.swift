import ArgumentParser
import Foundation
import MIDICore
import PracticeReports
import PracticeSegmenter
import SessionStore

/// `woodshed analyze FILE.mid` and `woodshed analyze --session ID`.
struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Work out what a practice session was made of: steps, takes, passages, materials.",
        discussion: """
            Reads any MIDI file, or a session from the library, and finds its technique, the \
            pieces worked on (every take and which passage it covered), free play and breaks, \
            and maps the steps onto a process template (the built-in daily-practice unless \
            --process names another built-in or a TOML file). A stored session's analysis is \
            saved with it.

            The JSON output is the report schema woodshed.report.v1 (docs/report-schema.md).

            Examples:
              woodshed analyze practice.mid
              woodshed analyze practice.mid --format json -o report.json
              woodshed analyze --session 3 --process my-routine.toml
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Argument(help: ArgumentHelp("A Standard MIDI File to analyse.", valueName: "file.mid"))
    var file: String?

    @Option(name: .long, help: ArgumentHelp("Analyse this stored session instead of a file.", valueName: "id"))
    var session: Int64?

    @Option(name: .long, help: "Output format: text or json.")
    var format: Format = .text

    @Option(
        name: .long,
        help: ArgumentHelp("A built-in process template name or a TOML file.", valueName: "name|file.toml")
    )
    var process: String?

    @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file instead of stdout.", valueName: "file"))
    var output: String?

    @Flag(name: .long, help: "Replace the output file if it exists.")
    var force = false

    @OptionGroup var library: LibraryOptions

    func validate() throws {
        if (file == nil) == (session == nil) {
            throw ValidationError("give either a MIDI file or --session ID (see `woodshed sessions`)")
        }
    }

    func run() throws {
        let template = try ProcessTemplates.load(process)
        let notes: [Note]
        var store: Library?
        if let file {
            let midi = try StandardMIDIFile(bytes: FileIO.read(file))
            notes = Note.notes(from: midi.timedMessages())
        } else {
            let opened = try library.open()
            store = opened
            notes = Note.notes(from: try opened.events(session: session!).compactMap(\.timedMessage))
        }
        let segmentation = PracticeSegmenter().segment(notes)
        let report = PracticeReport(segmentation, noteCount: notes.count, process: template)
        let json = try report.jsonData()
        if let store, let session {
            try store.storeAnalysis(json, analyzerVersion: Self.analyzerVersion, for: session)
            try store.setAutomaticTags(report.tags, for: session)
        }
        let rendered = format == .json ? Array(json) + Array("\n".utf8) : Array(report.text().utf8)
        if let output {
            try FileIO.write(rendered, to: output, overwrite: force)
        } else {
            FileHandle.standardOutput.write(Data(rendered))
        }
    }

    /// Stored with analyses so that a better segmenter can re-analyse old sessions.
    static let analyzerVersion = 1
}
