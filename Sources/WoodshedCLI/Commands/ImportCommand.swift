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
            Each session is dated from the file's name when it carries a date \
            (2024-10-14_lesson.mid, 20241014-193005.mid, "Rehearsal 2024-10-14 19.05.mid"; read \
            in the system's time zone), else from the file's modification time minus its length \
            (a recorder writes the file when it stops). --start dates one file; --dates FILE.csv \
            dates many (lines of file,start). Each line says which date was used. A start with \
            an offset (+01:00) keeps that zone: the session is shown in its local time.

            A file whose events the library already holds (the same file imported before, under \
            any name) is skipped with a message, unless --again. A file that cannot be read is \
            reported on its own line and the other files are still imported; the exit code is \
            then 1.

            Examples:
              woodshed import Fixtures/practice-demo.mid
              woodshed import --dry-run ~/recordings/*.mid
              woodshed import --start 2026-11-24T18:00:00+01:00 lesson.mid
              woodshed import --dates dates.csv ~/recordings/*.mid
            """
    )

    @Argument(help: ArgumentHelp("MIDI files to import (.mid, .midi, .smf, .rmi).", valueName: "file"))
    var files: [String]

    @Flag(name: .long, help: "Check the files and show what would be imported, without changing the library.")
    var dryRun = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Start of the session, for one file (2026-11-24T18:00:00+01:00, or 2026-11-24 18:00 in local time).",
            valueName: "time"
        )
    )
    var start: String?

    @Option(
        name: .long,
        help: ArgumentHelp("A CSV of file,start lines dating each file (the file's name or path).", valueName: "csv")
    )
    var dates: String?

    @Flag(name: .long, help: "Import files whose events the library already holds, as another session.")
    var again = false

    @OptionGroup var library: LibraryOptions

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one MIDI file to import") }
        if let start {
            if ImportDating.parseStart(start) == nil {
                throw ValidationError("--start '\(start)' is not a time like 2026-11-24T18:00:00+01:00")
            }
            if files.count > 1 {
                throw ValidationError(
                    "--start dates one session; name one file, or date many with --dates FILE.csv (lines of file,start)"
                )
            }
            if dates != nil { throw ValidationError("give --start or --dates, not both") }
        }
    }

    func run() throws {
        let store = dryRun ? nil : try library.open()
        let dating: SessionImport.Dating =
            if let start, let (date, zone) = ImportDating.parseStart(start) {
                .given(date, zone)
            } else if let dates {
                .list(try ImportDating.readList(dates))
            } else {
                .automatic
            }
        var failures = 0
        // Hundreds of files: a bar with the count and the time left on a terminal.
        let progress = ProgressBar(total: files.count, label: "importing")
        defer { progress.finish() }
        for path in files {
            do {
                let prepared = try SessionImport.prepare(path, dating: dating)
                for warning in prepared.performance.warnings { Terminal.printError("\(path): note: \(warning)") }
                let summary =
                    "\(Formatting.plural(prepared.noteCount, "note")), \(Formatting.duration(prepared.length))"
                let when = Self.describe(prepared.date)
                guard let store else {
                    progress.advance(
                        "\(path): OK — \(summary), "
                            + "\(Formatting.plural(prepared.performance.portNames.count, "track")), \(when) "
                            + "(dry run, not imported)"
                    )
                    continue
                }
                switch try SessionImport.store(prepared, again: again, in: store) {
                case .imported(let id, _):
                    progress.advance("imported \(path) as session \(id): \(summary), \(when)")
                case .duplicate(let existing):
                    progress.advance(
                        "skipped \(path): the same events as session \(existing) (import it again with --again)"
                    )
                }
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

    /// "started 2024-10-14 19:05 +01:00 (from the file name)".
    static func describe(_ date: ImportDate) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = date.timeZone
        formatter.dateFormat = "yyyy-MM-dd HH:mm xxx"
        return "started \(formatter.string(from: date.start)) (from \(date.source.rawValue))"
    }

    /// Reads and parses one file, naming the file in every error.
    static func readPerformance(_ path: String) throws -> Performance {
        try FileIO.readPerformance(path)
    }
}
