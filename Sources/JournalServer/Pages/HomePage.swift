import PracticeAnalyzer
import PracticeLibrary
import PracticeReports
import SessionStore

/// The home page: a year of practice as a calendar heat map, this week, the streak, the latest
/// sessions and the pieces left alone longest. Minutes and the streak are
/// ``PracticeTrends/stats(period:today:in:progress:)``'s, the same numbers `woodshed stats --since 1y` prints.
struct HomePage {
    struct Cell {
        var level: Int
        var title: String
        var blank: Bool
    }

    struct Week {
        var cells: [Cell]
        var month: String
    }

    struct Neglected {
        var id: Int64
        var name: String
        var ago: String
    }

    var weeks: [Week]
    var yearMinutes: String
    var weekMinutes: String
    var weekSessions: String
    var streak: String
    var longestStreak: String
    var recent: [SessionRow]
    var neglected: [Neglected]
    var empty: Bool

    /// Pieces not played for at least this many days are listed as waiting.
    static let neglectedAfterDays = 7

    static func load(library: Library, today: CivilDate) throws -> HomePage {
        let stats = try PracticeTrends.stats(period: "1y", today: today, in: library)
        var minutes: [String: Double] = [:]
        var sessions: [String: Int] = [:]
        for day in stats.days {
            minutes[day.date] = day.minutes
            sessions[day.date] = day.sessions
        }
        // Columns are weeks from Monday; the first column starts on the Monday on or before
        // the period's first day, so days before it are blank cells.
        let first = CivilDate(stats.from) ?? today + -364
        let monday = first + -first.weekday
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        var weeks: [Week] = []
        var start = monday
        var lastMonth = -1
        while start <= today {
            var cells: [Cell] = []
            for offset in 0..<7 {
                let day = start + offset
                let key = day.description
                let value = minutes[key] ?? 0
                let count = sessions[key] ?? 0
                let title =
                    value > 0
                    ? "\(day.short) \(day.components.year): \(Self.minutes(value)), "
                        + ReportFormat.plural(count, "session") : "\(day.short) \(day.components.year): no practice"
                cells.append(Cell(level: Self.level(value), title: title, blank: day < first || day > today))
            }
            let month = start.components.month
            weeks.append(Week(cells: cells, month: month != lastMonth ? months[month - 1] : ""))
            lastMonth = month
            start = start + 7
        }
        let thisMonday = today + -today.weekday
        let week = stats.days.filter { (CivilDate($0.date) ?? first) >= thisMonday }
        let all = try library.sessions()
        let neglected = stats.materials
            .compactMap { trend -> StoredTrend? in
                guard trend.kind == .repertoire, let last = trend.points.last.flatMap({ CivilDate($0.date) }) else {
                    return nil
                }
                return StoredTrend(id: trend.libraryID, name: trend.name, days: today.day - last.day)
            }
            .filter { $0.days >= neglectedAfterDays }
            .sorted { $0.days > $1.days }
            .prefix(8)
            .map { Neglected(id: $0.id, name: $0.name, ago: "not practised for \($0.days) days") }
        return HomePage(
            weeks: weeks,
            yearMinutes: Self.minutes(stats.days.reduce(0) { $0 + $1.minutes }),
            weekMinutes: Self.minutes(week.reduce(0) { $0 + $1.minutes }),
            weekSessions: ReportFormat.plural(week.reduce(0) { $0 + $1.sessions }, "session"),
            streak: ReportFormat.plural(stats.streak.current, "day"),
            longestStreak: ReportFormat.plural(stats.streak.longest, "day"),
            recent: all.prefix(8).map(SessionRow.init),
            neglected: neglected,
            empty: all.isEmpty
        )
    }

    private struct StoredTrend {
        var id: Int64
        var name: String
        var days: Int
    }

    /// Heat level 0–4 of a day's minutes.
    static func level(_ minutes: Double) -> Int {
        switch minutes {
        case ..<1: 0
        case ..<15: 1
        case ..<30: 2
        case ..<60: 3
        default: 4
        }
    }

    /// "45 min", "1 h 05 min".
    static func minutes(_ value: Double) -> String {
        let total = Int(value.rounded())
        guard total >= 60 else { return "\(total) min" }
        let rest = total % 60
        return "\(total / 60) h \(rest < 10 ? "0" : "")\(rest) min"
    }
}

/// One session in a list: when, how long, where from, its tags.
struct SessionRow {
    var id: Int64
    var when: String
    var length: String
    var playing: String
    var notes: String
    var source: String
    var title: String?
    var tags: String
    var recording: Bool

    init(_ session: SessionInfo) {
        id = session.id
        when = ReportFormat.dateTime(session.startISO8601)
        length = ReportFormat.clock(nanoseconds: session.durationNs)
        playing = ReportFormat.clock(nanoseconds: session.activeNs)
        notes = ReportFormat.count(session.noteCount)
        source = session.source
        title = session.title
        tags = session.tags.joined(separator: ", ")
        recording = session.state == .open
    }
}
