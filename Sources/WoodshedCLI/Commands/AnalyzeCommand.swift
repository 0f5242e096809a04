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
            // A file is matched against the library's pieces when there is a library, read only.
            if FileManager.default.fileExists(atPath: library.path) { store = try library.open() }
        } else {
            let opened = try library.open()
            store = opened
            notes = Note.notes(from: try opened.events(session: session!).compactMap(\.timedMessage))
        }
        let known = try store.map(Self.knownMaterials) ?? []
        var segmentation = PracticeSegmenter().segment(notes, known: known)
        if let store, let session {
            try Self.remember(&segmentation, known: known, in: store, session: session)
        }
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

    static func knownMaterials(_ store: Library) throws -> [KnownMaterial] {
        try store.materials().compactMap { material in
            guard let fingerprint = try? JSONDecoder().decode(MaterialFingerprint.self, from: material.fingerprint)
            else {
                return nil
            }
            return KnownMaterial(id: material.id, name: material.name, fingerprint: fingerprint)
        }
    }

    /// Stores the session's new pieces, grows known ones practised further (not scores), and
    /// links them to the session; fills in library ids.
    static func remember(
        _ segmentation: inout Segmentation,
        known: [KnownMaterial],
        in store: Library,
        session: Int64
    ) throws {
        var linked: [Int64] = []
        for index in segmentation.materials.indices where segmentation.materials[index].kind == .repertoire {
            let material = segmentation.materials[index]
            guard let fingerprint = segmentation.fingerprints[material.id] else { continue }
            let data = try JSONEncoder().encode(fingerprint)
            if let id = material.libraryID {
                if let old = known.first(where: { $0.id == id }), old.fingerprint.bars == nil,
                    old.fingerprint.events.count < fingerprint.events.count
                {
                    try store.updateMaterialFingerprint(id, fingerprint: data)
                }
                linked.append(id)
            } else {
                let id = try store.addMaterial(name: "Piece from session \(session)", fingerprint: data)
                segmentation.materials[index].libraryID = id
                segmentation.materials[index].name = "Piece from session \(session)"
                linked.append(id)
            }
        }
        try store.linkMaterials(linked, to: session)
    }

    /// Stored with analyses so that a better segmenter can re-analyse old sessions.
    static let analyzerVersion = 1
}
