import Foundation
import Mustache
import PracticeAnalyzer
import PracticeLibrary
import PracticeReports
import SessionStore

/// A piece across the library (``PieceOverview``, what `woodshed pieces show` prints): its
/// sessions, minutes per week as bars, its passages across sessions, when it was last
/// practised; with the forms to rename it and to merge another piece into it.
struct PiecePage {
    struct SessionLine {
        var id: Int64
        var when: String
        var minutes: String
        var takes: Int
        var clean: String
        var pace: String
    }

    struct WeekBar {
        var label: String
        var minutes: String
        var height: Int
        var x: Int
        var y: Int
    }

    struct PassageLine {
        var label: String
        var sessions: Int
        var takes: Int
        var clean: String
        var tempo: String
    }

    struct Other {
        var id: Int64
        var name: String
    }

    var id: Int64
    var name: String
    var total: String
    var sessionCount: String
    var lastPractised: String
    var sessions: [SessionLine]
    var weeks: [WeekBar]
    var chartWidth: Int
    var maxWeek: String
    var passages: [PassageLine]
    var charts: [PassageChart]
    var others: [Other]
    var hasOthers: Bool
    var hasWeeks: Bool
    var hasPassages: Bool

    static func load(_ id: Int64, library: Library, today: CivilDate) throws -> PiecePage {
        let overview = try PieceOverview.load(id, in: library)
        let others = try library.pieces(sort: .name, descending: false, limit: 10_000, offset: 0).page
            .filter { $0.id != id }
        let goals = try library.tempoGoals(piece: id)
        let most = overview.weeks.map(\.minutes).max() ?? 0
        let barWidth = 14
        let weeks = overview.weeks.enumerated().map { index, week in
            let height = most > 0 ? max(2, Int((week.minutes / most * 100).rounded())) : 0
            return WeekBar(
                label: "week of \(week.monday.short) \(week.monday.components.year)",
                minutes: HomePage.minutes(week.minutes),
                height: height,
                x: index * (barWidth + 4),
                y: 100 - height
            )
        }
        let passages = overview.passages.map { passage in
            PassageLine(
                label: passage.label,
                sessions: passage.sessions.count,
                takes: passage.takes,
                clean: passage.judged > 0
                    ? "\(passage.clean) of \(passage.judged) (\(ReportFormat.percent(Double(passage.clean) / Double(passage.judged))))"
                    : "—",
                tempo: Self.tempoRange(passage.tempos)
            )
        }
        let last = overview.sessions.last
        return PiecePage(
            id: id,
            name: overview.piece.name,
            total: HomePage.minutes(overview.totalTime / 60),
            sessionCount: ReportFormat.plural(overview.sessions.count, "session"),
            lastPractised: last.map { line in
                let days = today.day - line.day.day
                let ago = days == 0 ? "today" : days == 1 ? "yesterday" : "\(days) days ago"
                return "\(localStart(line.session)) (\(ago))"
            } ?? "never",
            sessions: overview.sessions.reversed().map { line in
                SessionLine(
                    id: line.session.id,
                    when: localStart(line.session),
                    minutes: HomePage.minutes(line.time / 60),
                    takes: line.takes,
                    clean: line.judged > 0 ? "\(line.clean) of \(line.judged)" : "—",
                    pace: line.bestPace.map { ReportFormat.decimal($0) + "/s" } ?? "—"
                )
            },
            weeks: weeks,
            chartWidth: max(1, weeks.count * (barWidth + 4)),
            maxWeek: HomePage.minutes(most),
            passages: passages,
            charts: overview.passages.map { PassageChart($0, goal: goals[$0.label]) },
            others: others.map { Other(id: $0.id, name: $0.name) },
            hasOthers: !others.isEmpty,
            hasWeeks: !weeks.isEmpty,
            hasPassages: !passages.isEmpty
        )
    }

    /// "70–100 %" of each session's fastest clean take, "—" without tempos.
    static func tempoRange(_ tempos: [Double]) -> String {
        guard let low = tempos.min(), let high = tempos.max() else { return "—" }
        let (a, b) = (Int((low * 100).rounded()), Int((high * 100).rounded()))
        return a == b ? "\(a) %" : "\(a)–\(b) %"
    }
}

/// Piece pages as made, kept while the library's change counter (``Library/changeCounter()``)
/// and the day stay the same: a piece page reads every report of the piece, which at hundreds
/// of sessions is far slower than reading one number. The recorder's appends do not change the
/// counter; a session closing, an analysis stored, a rename, a merge, a tag or a goal does.
final class PiecePageCache: @unchecked Sendable {
    private let lock = NSLock()
    private var key: (counter: Int64, day: Int) = (-1, 0)
    private var pages: [Int64: PiecePage] = [:]

    func page(_ id: Int64, library: Library, today: CivilDate) throws -> PiecePage {
        let counter = try library.changeCounter()
        if let page = cached(id, counter: counter, day: today.day) { return page }
        let page = try PiecePage.load(id, library: library, today: today)
        lock.withLock {
            if key != (counter, today.day) {
                key = (counter, today.day)
                pages = [:]
            }
            if pages.count >= 256 { pages = [:] }
            pages[id] = page
        }
        return page
    }

    private func cached(_ id: Int64, counter: Int64, day: Int) -> PiecePage? {
        lock.withLock { key == (counter, day) ? pages[id] : nil }
    }
}

extension PiecePage.SessionLine: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "id": id
        case "when": when
        case "minutes": minutes
        case "takes": takes
        case "clean": clean
        case "pace": pace
        default: nil
        }
    }
}

extension PiecePage.WeekBar: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "label": label
        case "minutes": minutes
        case "height": height
        case "x": x
        case "y": y
        default: nil
        }
    }
}

extension PiecePage.PassageLine: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "label": label
        case "sessions": sessions
        case "takes": takes
        case "clean": clean
        case "tempo": tempo
        default: nil
        }
    }
}

extension PiecePage.Other: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "id": id
        case "name": name
        default: nil
        }
    }
}

extension PiecePage: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "id": id
        case "name": name
        case "total": total
        case "sessionCount": sessionCount
        case "lastPractised": lastPractised
        case "sessions": sessions
        case "weeks": weeks
        case "chartWidth": chartWidth
        case "maxWeek": maxWeek
        case "passages": passages
        case "charts": charts
        case "others": others
        case "hasOthers": hasOthers
        case "hasWeeks": hasWeeks
        case "hasPassages": hasPassages
        default: nil
        }
    }
}
