import ArgumentParser
import Foundation
import PracticeLibrary
import PracticeReports
import SessionStore

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
        if since != "all" && Self.firstDay(since, today: CivilDate(day: 0)) == nil {
            throw ValidationError(
                "--since '\(since)' is not a period — use 30d, 12w, 6m, 1y, a date like 2026-09-01, or all"
            )
        }
    }

    /// The first day of a period ending `today`: "30d" is today and the 29 days before.
    static func firstDay(_ period: String, today: CivilDate) -> CivilDate? {
        if let date = CivilDate(period), period.count == 10 { return date }
        guard let unit = period.last, let count = Int(period.dropLast()), count > 0, count <= 100_000 else {
            return nil
        }
        switch unit {
        case "d": return today + (1 - count)
        case "w": return today + (1 - 7 * count)
        case "m": return today + (1 - 30 * count)
        case "y": return today + (1 - 365 * count)
        default: return nil
        }
    }

    /// Local calendar day of a session, from its recorded UTC offset.
    static func day(_ session: SessionInfo) -> CivilDate {
        let seconds = session.startNs / 1_000_000_000 + Int64(session.utcOffset)
        return CivilDate(day: Int(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400))
    }

    func run() throws {
        let store = try library.open()
        let now = Date()
        let offset = Int64(TimeZone.current.secondsFromGMT(for: now))
        let today = CivilDate(day: Int((Int64(now.timeIntervalSince1970) + offset) / 86_400))
        let sessions = try store.sessions()
        let first =
            since == "all" ? sessions.map(Self.day).min() ?? today : Self.firstDay(since, today: today) ?? today
        let chosen = sessions.filter { Self.day($0) >= first }.reversed()
        let days = Dictionary(chosen.map { ($0.id, Self.day($0)) }, uniquingKeysWith: { first, _ in first })
        // Only this analyzer's reports: an older one may define its numbers differently
        // (playing time before version 4), and a session must read the same everywhere.
        // Sessions never analysed (imported, or recorded before the analyzer) or analysed by an
        // older version are analysed once, as `woodshed report` would.
        var progress: ProgressBar?
        defer { progress?.finish() }
        let reports = try ReportCache.currentReports(sessionIDs: chosen.map(\.id), in: store) { done, total in
            if progress == nil { progress = ProgressBar(total: total, label: "analysing") }
            if done > 0 { progress?.advance() }
            if done == total { progress?.finish() }
        }.map { (date: days[$0.sessionID]!, report: $0.report) }
        let stats = PracticeStats(sessions: reports, from: first, to: max(today, first))
        let text: String
        switch format {
        case .json: text = String(decoding: try stats.jsonData(), as: UTF8.self) + "\n"
        case .html: text = stats.html()
        case .text, .md: text = stats.text(style: output == nil ? TerminalStyle.forStandardOutput : .plain)
        }
        try ReportCommand.emit(text, to: output, force: force)
    }
}
