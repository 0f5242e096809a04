public import Foundation
public import PracticeAnalyzer
import PracticeReports
public import SessionStore

/// Trends over a period of practice — minutes per day, the streak, basics, progress per piece —
/// from the sessions' current reports (``ReportCache``), for `woodshed stats` and any other
/// front end. Days are the sessions' local dates.
public enum PracticeTrends {
    /// The first day of a period ending `today`: "30d" is today and the 29 days before; also
    /// "12w", "6m" (30 days each), "1y" (365 days) and a date "2026-09-01". Nil when `period`
    /// is none of these ("all" is the caller's: it starts at the first session).
    public static func firstDay(_ period: String, today: CivilDate) -> CivilDate? {
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
    public static func day(_ session: SessionInfo) -> CivilDate {
        let seconds = session.startNs / 1_000_000_000 + Int64(session.utcOffset)
        return CivilDate(day: Int(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400))
    }

    /// The local calendar day at `now`, in the system's time zone.
    public static func today(at now: Date = Date()) -> CivilDate {
        let offset = Int64(TimeZone.current.secondsFromGMT(for: now))
        return CivilDate(day: Int((Int64(now.timeIntervalSince1970) + offset) / 86_400))
    }

    /// The trends of `period` ("all", or one ``firstDay(_:today:)`` reads) up to `today`.
    /// Sessions never analysed, or analysed by an older version, are analysed and stored first
    /// (only this analyzer's reports: an older one may define its numbers differently), with
    /// `progress(done, total)` as ``ReportCache/currentReports(sessionIDs:in:progress:)`` calls it.
    /// - Throws: ``UserError`` for a period that is none of those; ``LibraryError``.
    public static func stats(
        period: String,
        today: CivilDate,
        in library: Library,
        progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }
    ) throws -> PracticeStats {
        let sessions = try library.sessions()
        let first: CivilDate
        if period == "all" {
            first = sessions.map(day).min() ?? today
        } else if let day = firstDay(period, today: today) {
            first = day
        } else {
            throw UserError("'\(period)' is not a period", hint: "use 30d, 12w, 6m, 1y, a date like 2026-09-01, or all")
        }
        let chosen = sessions.filter { day($0) >= first }.reversed()
        let days = Dictionary(chosen.map { ($0.id, day($0)) }, uniquingKeysWith: { first, _ in first })
        let reports = try ReportCache.currentReports(sessionIDs: chosen.map(\.id), in: library, progress: progress)
        return PracticeStats(
            sessions: reports.map { $0.report.outcome(on: days[$0.sessionID]!) },
            from: first,
            to: max(today, first)
        )
    }
}
