import ArgumentParser
import Foundation
import MIDICore
import PracticeLibrary
import PracticeReports
import PracticeSegmenter
import SessionStore

/// The output formats of `woodshed report` and `woodshed analyze`.
enum ReportFormatOption: String, ExpressibleByArgument, CaseIterable {
    case text, json, md, html
}

/// `woodshed report [ID|latest]`: how a session went, as text, JSON, Markdown or HTML.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Show how a practice session went: time, focus, takes, tempo, process.",
        discussion: """
            Uses the stored analysis when it is up to date, else analyses the session now and \
            stores the result (with the session's automatic tags). Text fits 80 columns and is \
            coloured on a terminal (NO_COLOR turns colour off); JSON is the woodshed.report.v1 \
            document with the metrics of docs/metrics.md; html is one self-contained page with \
            a timeline, a piano roll and the takes of each passage.

            Examples:
              woodshed report
              woodshed report 12 --format json | jq .metrics.takeTotals
              woodshed report latest --format html -o today.html
              woodshed report 12 --process technique-focus
            """
    )

    @Argument(help: ArgumentHelp("Session id, or 'latest' (the default).", valueName: "id|latest"))
    var session: String = "latest"

    @Option(name: .shortAndLong, help: "Output format: text, json, md or html.")
    var format: ReportFormatOption = .text

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file")
    )
    var output: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Compare with this process template: a built-in name or a .toml file (default daily-practice).",
            valueName: "name|file"
        )
    )
    var process: String?

    @Flag(name: .long, help: "Analyse again even when a stored analysis is up to date.")
    var fresh = false

    @Flag(name: .long, help: "Replace the output file if it exists.")
    var force = false

    @OptionGroup var library: LibraryOptions

    func validate() throws {
        if session != "latest" && Int64(session) == nil {
            throw ValidationError(
                "'\(session)' is not a session id — give a number from `woodshed sessions`, or 'latest'"
            )
        }
    }

    func run() throws {
        let store = try library.openForReports()
        let id = try Self.resolve(session, in: store)
        let template = try process.map { try ProcessTemplates.load($0) }
        let (report, notes) = try ReportCache.report(sessionID: id, in: store, template: template, fresh: fresh)
        let text: String
        switch format {
        case .text:
            text = report.text(style: output == nil ? TerminalStyle.forStandardOutput : .plain)
        case .json:
            text = String(decoding: try report.jsonData(), as: UTF8.self) + "\n"
        case .md:
            text = report.markdown()
        case .html:
            let sessionNotes = try notes ?? SessionAnalysis.notes(sessionID: id, in: store)
            text = report.html(notes: sessionNotes)
        }
        try Self.emit(text, to: output, force: force)
    }

    /// A session id from "latest" or a number, checking that it exists.
    static func resolve(_ argument: String, in store: Library) throws -> Int64 {
        if argument == "latest" {
            guard let latest = try store.latestSession() else {
                throw UserError(
                    "the library has no sessions yet",
                    hint: "record one, or import a file with `woodshed import FILE.mid`"
                )
            }
            return latest.id
        }
        guard let id = Int64(argument) else { throw UserError("'\(argument)' is not a session id") }
        return try store.session(id).id
    }

    /// Prints, or writes a file and says so on standard error (so pipes stay clean).
    static func emit(_ text: String, to output: String?, force: Bool) throws {
        guard let output else {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        try FileIO.write(Array(text.utf8), to: output, overwrite: force)
        FileHandle.standardError.write(Data("wrote \(output)\n".utf8))
    }
}
