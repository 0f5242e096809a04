import ArgumentParser
import Foundation
import PracticeAnalyzer
import SessionStore

/// `woodshed sessions`: the library as a table or JSON.
struct SessionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sessions",
        abstract: "List practice sessions, newest first.",
        discussion: """
            Columns: id, local start date and time, duration, active time (while notes sound, \
            pauses under 2 s included), notes played, source (devices or file), tags.

            Examples:
              woodshed sessions
              woodshed sessions --tag scales
              woodshed sessions --json | jq '.[0].id'
            """
    )

    @Flag(name: .long, help: "Print JSON (an array of sessions) for scripts.")
    var json = false

    @Option(name: .long, help: ArgumentHelp("Only sessions with this tag.", valueName: "name"))
    var tag: String?

    @OptionGroup var library: LibraryOptions

    func run() throws {
        let sessions = try library.openReadOnly().sessions(tag: tag)
        if json {
            print(try Self.json(sessions))
            return
        }
        guard !sessions.isEmpty else {
            print(
                tag == nil
                    ? "No sessions yet. Record with `woodshed record` or import a MIDI file with `woodshed import FILE.mid`."
                    : "No sessions tagged '\(tag!)'."
            )
            return
        }
        var rows = [["ID", "DATE", "DURATION", "ACTIVE", "NOTES", "SOURCE", "TAGS"]]
        for session in sessions {
            let state = session.state == .open ? " (recording)" : session.state == .recovered ? " (recovered)" : ""
            rows.append([
                "\(session.id)",
                Formatting.localDateTime(session),
                Formatting.duration(session.durationNs),
                Formatting.duration(session.activeNs),
                Formatting.count(session.noteCount),
                Formatting.truncate(Formatting.escaped(session.source) + state, 24),
                Formatting.truncate(Formatting.escaped(session.tags.joined(separator: ",")), 30),
            ])
        }
        print(Formatting.table(rows, rightAligned: [0, 2, 3, 4]))
    }

    /// The JSON document: times in seconds (to the millisecond, as in reports), start as ISO 8601
    /// with the recorded offset.
    static func json(_ sessions: [SessionInfo]) throws -> String {
        struct Entry: Encodable {
            var id: Int64
            var start: String
            var timeZone: String
            var duration: Double
            var activeTime: Double
            var notes: Int
            var events: Int
            var overruns: Int
            var state: String
            var sourceKind: String
            var source: String
            var title: String?
            var tags: [String]
        }
        let entries = sessions.map {
            Entry(
                id: $0.id,
                start: $0.startISO8601,
                timeZone: $0.timeZone,
                duration: Seconds.from($0.durationNs),
                activeTime: Seconds.from($0.activeNs),
                notes: $0.noteCount,
                events: $0.eventCount,
                overruns: $0.overrunCount,
                state: $0.state.rawValue,
                sourceKind: $0.sourceKind.rawValue,
                source: $0.source,
                title: $0.title,
                tags: $0.tags
            )
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(entries), as: UTF8.self)
    }
}
