import ArgumentParser
import Foundation
import MIDICore
import PracticeLibrary
import SessionStore

/// `woodshed import FILE.mid…`: one session per file.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import Standard MIDI Files as practice sessions, one session per file.",
        discussion: """
            A session starts at the file's modification time minus its length (a recorder writes \
            the file when it stops), unless --start is given. A file that cannot be read is \
            reported on its own line and the other files are still imported; the exit code is \
            then 1.

            Examples:
              woodshed import Fixtures/practice-demo.mid
              woodshed import --dry-run ~/recordings/*.mid
              woodshed import --start 2026-11-24T18:00:00+01:00 lesson.mid
            """
    )

    @Argument(help: ArgumentHelp("MIDI files to import (.mid, .midi, .smf, .rmi).", valueName: "file"))
    var files: [String]

    @Flag(name: .long, help: "Check the files and show what would be imported, without changing the library.")
    var dryRun = false

    @Option(
        name: .long,
        help: ArgumentHelp("Start time of the session (ISO 8601, e.g. 2026-11-24T18:00:00+01:00).", valueName: "time")
    )
    var start: String?

    @OptionGroup var library: LibraryOptions

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one MIDI file to import") }
        if let start, Self.parseDate(start) == nil {
            throw ValidationError("--start '\(start)' is not an ISO 8601 time like 2026-11-24T18:00:00+01:00")
        }
    }

    func run() throws {
        let store = dryRun ? nil : try library.open()
        var failures = 0
        // Hundreds of files: a bar with the count and the time left on a terminal.
        let progress = ProgressBar(total: files.count, label: "importing")
        defer { progress.finish() }
        for path in files {
            do {
                let performance = try Self.readPerformance(path)
                let notes = performance.messages.reduce(0) { count, message in
                    if case .noteOn = message.message { return count + 1 }
                    return count
                }
                // The session's length, as the library will store it: to the end of the last sound.
                let length = Note.lastSoundEnd(of: performance.notes)
                let summary = "\(Formatting.plural(notes, "note")), \(Formatting.duration(length))"
                guard let store else {
                    progress.advance(
                        "\(path): OK — \(summary), \(Formatting.plural(performance.portNames.count, "track")) (dry run, not imported)"
                    )
                    continue
                }
                let startDate =
                    start.flatMap(Self.parseDate) ?? Self.defaultStart(for: path, duration: performance.duration)
                let id = try store.importSession(
                    NewSession(
                        start: startDate,
                        sourceKind: .import,
                        source: URL(fileURLWithPath: path).lastPathComponent
                    ),
                    ports: performance.portNames.enumerated().map {
                        PortInfo(port: UInt16($0.offset), name: $0.element, address: "file")
                    },
                    events: performance.messages.map(RawEvent.init)
                )
                progress.advance("imported \(path) as session \(id): \(summary)")
            } catch {
                failures += 1
                let problem = error.userFacing
                if problem.exitStatus == .internalError { throw error }
                progress.finish()
                Terminal.printError(problem.line.hasPrefix(path) ? problem.line : "\(path): \(problem.line)")
                progress.advance()
            }
        }
        if failures > 0 {
            throw ExitCode(ExitStatus.userError.rawValue)
        }
    }

    /// Reads and parses one file, naming the file in every error.
    static func readPerformance(_ path: String) throws -> Performance {
        try FileIO.readPerformance(path)
    }

    static func defaultStart(for path: String, duration: Int64) -> Date {
        let modified = FileIO.modificationDate(path) ?? Date()
        return modified.addingTimeInterval(-Double(duration) / 1e9)
    }

    static func parseDate(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }
}
