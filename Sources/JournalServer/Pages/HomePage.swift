import Mustache
import PracticeAnalyzer
import PracticeLibrary
import PracticeReports
import SessionStore

/// The home page: a year of practice as a calendar heat map, this week, the streak, the latest
/// sessions and the pieces left alone longest, this week against the minutes-per-week goal, and
/// the session being recorded (``LiveSession``). Minutes are each session's stored playing
/// time summed per local day in SQL, and the streak follows ``PracticeStats``'s rule, as
/// `woodshed stats --since 1y` does (which counts analysed sessions only).
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
    /// The minutes-per-week goal, "" when none; the week's share of it (0–100) for the bar.
    var goal: String
    var goalValue: String
    var goalPercent: Int
    var goalLeft: String
    var hasGoal: Bool
    /// The session being recorded, if any (the live block; `live.js` keeps it current).
    var live: LiveSession?

    /// Pieces not played for at least this many days are listed as waiting.
    static let neglectedAfterDays = 7

    /// A year of practice from SQL aggregates: playing time per local day (one grouped query
    /// over the session rows, the recorder's current session included), the streak by
    /// ``PracticeStats``'s rule, each piece's last session, the latest 8 sessions. No report
    /// is read, so it costs the same at 20 sessions or 2,000.
    static func load(library: Library, today: CivilDate) throws -> HomePage {
        let first = PracticeTrends.firstDay("1y", today: today) ?? today + -364
        let perDay = try library.playingPerDay(fromLocalDay: first.day)
        // PracticeStats makes the days (minutes to a tenth) and the streak, as for `stats`.
        let stats = PracticeStats(
            sessions: perDay.map {
                SessionOutcome(
                    date: CivilDate(day: $0.day),
                    playing: $0.seconds,
                    technique: nil,
                    takes: 0,
                    takeTotals: nil,
                    contextSwitches: 0,
                    materials: []
                )
            },
            from: first,
            to: max(today, first)
        )
        var minutes: [String: Double] = [:]
        for day in stats.days { minutes[day.date] = day.minutes }
        var sessions: [String: Int] = [:]
        for day in perDay { sessions[CivilDate(day: day.day).description] = day.sessions }
        // Columns are weeks from Monday; the first column starts on the Monday on or before
        // the period's first day, so days before it are blank cells.
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
        let week = perDay.filter { $0.day >= thisMonday.day }
        let weekMinutes = week.reduce(0) { $0 + $1.seconds } / 60
        let (total, recent) = try library.sessions(SessionQuery(), limit: 8, offset: 0)
        let neglected = try library.pieces(sort: .last, descending: false, limit: 10_000, offset: 0).page
            .compactMap { piece -> Neglected? in
                guard piece.kind == "repertoire", let last = piece.lastLocalSecond.map(localDay), last >= first else {
                    return nil
                }
                let days = today.day - last.day
                guard days >= neglectedAfterDays else { return nil }
                return Neglected(id: piece.id, name: piece.name, ago: "not practised for \(days) days")
            }
            .prefix(8)
        let goal = try library.weeklyMinutesGoal()
        return HomePage(
            weeks: weeks,
            yearMinutes: Self.minutes(stats.days.reduce(0) { $0 + $1.minutes }),
            weekMinutes: Self.minutes(weekMinutes),
            weekSessions: ReportFormat.plural(week.reduce(0) { $0 + $1.sessions }, "session"),
            streak: ReportFormat.plural(stats.streak.current, "day"),
            longestStreak: ReportFormat.plural(stats.streak.longest, "day"),
            recent: recent.map(SessionRow.init),
            neglected: Array(neglected),
            empty: total == 0,
            goal: goal.map { Self.minutes($0) } ?? "",
            goalValue: goal.map { "\(Int($0.rounded()))" } ?? "",
            goalPercent: goal.map { min(100, Int((weekMinutes / $0 * 100).rounded())) } ?? 0,
            goalLeft: goal.map { weekMinutes >= $0 ? "goal reached" : "\(Self.minutes($0 - weekMinutes)) to go" } ?? "",
            hasGoal: goal != nil,
            live: try LiveSession.current(in: library)
        )
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
        when = localStart(session)
        length = ReportFormat.clock(nanoseconds: session.durationNs)
        playing = ReportFormat.clock(nanoseconds: session.activeNs)
        notes = ReportFormat.count(session.noteCount)
        source = session.source
        title = session.title
        tags = session.tags.joined(separator: ", ")
        recording = session.state == .open
    }

    /// This session as a row of the Sessions table, every text escaped (``JournalHTML``).
    /// Written here rather than in sessions.mustache: the engine's lookups and casts for the
    /// row's 15 tags, 50 rows a page, were most of the list's CPU (~1.7 of 3.7 ms a request).
    var listRow: String {
        let escape = JournalHTML.escape
        var html = "<tr><td>\(id)</td><td><a href=\"/sessions/\(id)\">\(escape(when))</a>"
        if recording { html += " <span class=\"live\">recording</span>" }
        html += "</td><td>\(escape(length))</td><td>\(escape(playing))</td><td>\(escape(notes))</td><td>"
        if let title { html += "\(escape(title)) · " }
        html += "\(escape(source))</td><td class=\"muted\">\(escape(tags))</td><td>"
        if !recording {
            html +=
                "<a class=\"danger\" href=\"/sessions/\(id)/delete\" aria-label=\"delete session \(id)\">Delete…</a>"
        }
        return html + "</td></tr>\n"
    }
}

extension HomePage.Cell: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "level": level
        case "title": title
        case "blank": blank
        default: nil
        }
    }
}

extension HomePage.Week: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "cells": cells
        case "month": month
        default: nil
        }
    }
}

extension HomePage.Neglected: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "id": id
        case "name": name
        case "ago": ago
        default: nil
        }
    }
}

extension HomePage: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "weeks": weeks
        case "yearMinutes": yearMinutes
        case "weekMinutes": weekMinutes
        case "weekSessions": weekSessions
        case "streak": streak
        case "longestStreak": longestStreak
        case "recent": recent
        case "neglected": neglected
        case "empty": empty
        case "goal": goal
        case "goalValue": goalValue
        case "goalPercent": goalPercent
        case "goalLeft": goalLeft
        case "hasGoal": hasGoal
        case "live": live
        default: nil
        }
    }
}

extension SessionRow: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "id": id
        case "when": when
        case "length": length
        case "playing": playing
        case "notes": notes
        case "source": source
        case "title": title
        case "tags": tags
        case "recording": recording
        default: nil
        }
    }
}
