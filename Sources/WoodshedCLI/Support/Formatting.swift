import Foundation
import MIDICore
import PracticeReports
import SessionStore

/// Small, consistent renderings of times and sizes for terminal output.
enum Formatting {
    /// "1:02:03" for an hour or more, "2:03" under an hour, from nanoseconds — the same clock
    /// the reports show (``ReportFormat/clock(nanoseconds:)``).
    static func duration(_ nanoseconds: Int64) -> String {
        ReportFormat.clock(nanoseconds: nanoseconds)
    }

    /// "2026-11-25 18:03" in the session's own recorded UTC offset.
    static func localDateTime(_ session: SessionInfo) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: session.utcOffset) ?? .gmt
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: session.start)
    }

    /// Seconds with millisecond precision, from nanoseconds: "12.345".
    static func seconds(_ nanoseconds: Int64, decimals: Int = 3) -> String {
        String(format: "%.\(decimals)f", Double(nanoseconds) / 1e9)
    }

    /// Thousands separated with commas: 12,345.
    static func count(_ value: Int) -> String { ReportFormat.count(value) }

    /// "1 note", "1,234 notes" — as the reports write counts.
    static func plural(_ count: Int, _ noun: String, _ plural: String? = nil) -> String {
        ReportFormat.plural(count, noun, plural)
    }

    /// `text` (a name, a path, a message quoting them) with control characters escaped, so
    /// nothing from a file or device drives the terminal.
    static func escaped(_ text: String) -> String { text.escapingControlCharacters }

    /// Cuts `text` to `width` characters, ending with "…" when cut.
    static func truncate(_ text: String, _ width: Int) -> String {
        text.count <= width ? text : String(text.prefix(max(0, width - 1))) + "…"
    }

    /// Left-aligned columns separated by two spaces; `rightAligned` column indices pad on the left.
    static func table(_ rows: [[String]], rightAligned: Set<Int> = []) -> String {
        guard let columns = rows.map(\.count).max() else { return "" }
        var widths = [Int](repeating: 0, count: columns)
        for row in rows { for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) } }
        return rows.map { row in
            row.enumerated().map { index, cell in
                let pad = String(repeating: " ", count: widths[index] - cell.count)
                if rightAligned.contains(index) { return pad + cell }
                return index == row.count - 1 ? cell : cell + pad
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
