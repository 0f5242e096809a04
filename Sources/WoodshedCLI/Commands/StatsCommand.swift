import ArgumentParser
import Foundation
import PracticeAnalyzer
import PracticeLibrary
import PracticeReports

/// `woodshed stats [--since 30d]`: trends over many sessions.
struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Show trends: minutes per day, the streak, basics, progress per piece.",
        discussion: """
            Reads the stored analyses (sessions not analysed yet, or by an older Woodshed, are \
            analysed first). Pieces are \
            followed across sessions once the library knows them as the same material. Days \
            are the sessions' local dates.

            Examples:
              woodshed stats
              woodshed stats --since 12w
              woodshed stats --since 2026-09-01 --format json
              woodshed stats --since 1y --format html -o year.html
            """
    )

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Period: 30d, 12w, 6m, 1y, a date (2026-09-01) or 'all'.",
            valueName: "period"
        )
    )
    var since: String = "30d"

    @Option(name: .shortAndLong, help: "Output format: text, json or html.")
    var format: ReportFormatOption = .text

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file")
    )
    var output: String?

    @Flag(name: .long, help: "Replace the output file if it exists.")
    var force = false

    @OptionGroup var library: LibraryOptions

    func validate() throws {
        if format == .md { throw ValidationError("stats come as text, json or html") }
        if since != "all" && PracticeTrends.firstDay(since, today: CivilDate(day: 0)) == nil {
            throw ValidationError(
                "--since '\(since)' is not a period — use 30d, 12w, 6m, 1y, a date like 2026-09-01, or all"
            )
        }
    }

    func run() throws {
        let store = try library.openForReports()
        var progress: ProgressBar?
        defer { progress?.finish() }
        let stats = try PracticeTrends.stats(period: since, today: PracticeTrends.today(), in: store) { done, total in
            if progress == nil { progress = ProgressBar(total: total, label: "analysing") }
            if done > 0 { progress?.advance() }
            if done == total { progress?.finish() }
        }
        let text: String
        switch format {
        case .json: text = String(decoding: try stats.jsonData(), as: UTF8.self) + "\n"
        case .html: text = stats.html()
        case .text, .md: text = stats.text(style: output == nil ? TerminalStyle.forStandardOutput : .plain)
        }
        try ReportCommand.emit(text, to: output, force: force)
    }
}
