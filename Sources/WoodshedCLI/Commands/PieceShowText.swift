import PracticeAnalyzer
import PracticeLibrary
import PracticeReports
import SessionStore

/// `woodshed pieces show`'s text: the piece, its sessions, its weeks and its passages.
enum PieceShowText {
    static func render(_ overview: PieceOverview) -> String {
        let piece = overview.piece
        var lines = ["piece \(piece.id) \"\(Formatting.escaped(piece.name))\"" + (piece.isReference ? " (score)" : "")]
        guard let last = overview.lastPractised else {
            lines.append("no sessions yet")
            return lines.joined(separator: "\n") + "\n"
        }
        lines.append(
            "\(Formatting.plural(overview.sessions.count, "session")), "
                + "\(ReportFormat.clock(overview.totalTime)) in all, last practised \(Formatting.localDateTime(last))"
        )
        lines.append("")
        lines.append("SESSIONS")
        var rows = [["id", "date", "minutes", "takes", "clean", "pace"]]
        for line in overview.sessions {
            rows.append([
                "\(line.session.id)", Formatting.localDateTime(line.session), ReportFormat.decimal(line.time / 60),
                "\(line.takes)", line.judged > 0 ? "\(line.clean)/\(line.judged)" : "—",
                line.bestPace.map { ReportFormat.decimal($0) + "/s" } ?? "—",
            ])
        }
        lines.append(indent(Formatting.table(rows, rightAligned: [0, 2, 3, 4, 5])))
        lines.append("")
        lines.append("MINUTES PER WEEK")
        let weekRows = overview.weeks.map { ["week of \($0.monday)", ReportFormat.decimal($0.minutes)] }
        lines.append(indent(Formatting.table(weekRows, rightAligned: [1])))
        if !overview.passages.isEmpty {
            lines.append("")
            lines.append("PASSAGES")
            var passageRows = [["passage", "sessions", "takes", "clean", "tempo"]]
            for passage in overview.passages {
                passageRows.append([
                    Formatting.truncate(Formatting.escaped(passage.label), 36), "\(passage.sessions.count)",
                    "\(passage.takes)",
                    passage.judged > 0 ? "\(passage.clean)/\(passage.judged)" : "—", tempo(passage.tempos),
                ])
            }
            lines.append(indent(Formatting.table(passageRows, rightAligned: [1, 2, 3])))
        }
        lines.append("")
        lines.append("pace: positions of the piece per second in the fastest clean take; tempo: against each")
        lines.append("session's fastest clean take of the passage, first → last take")
        return lines.joined(separator: "\n") + "\n"
    }

    /// "70 % → 100 %", one tempo alone, or "—".
    static func tempo(_ tempos: [Double]) -> String {
        guard let first = tempos.first, let last = tempos.last else { return "—" }
        let a = ReportFormat.percent(first)
        let b = ReportFormat.percent(last)
        return a == b ? a : a + " → " + b
    }

    static func indent(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
    }
}
