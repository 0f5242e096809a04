public import Foundation
public import PracticeAnalyzer

extension PracticeStats {
    /// Pretty-printed JSON with sorted keys.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// Minutes per day (per week beyond 45 days) or per week, as bars of at most 80 columns.
    var buckets: [(label: String, minutes: Double)] {
        guard days.count > 45 else {
            return days.map { (CivilDate($0.date)?.short ?? $0.date, $0.minutes) }
        }
        var weeks: [(label: String, minutes: Double)] = []
        for day in days {
            guard let date = CivilDate(day.date) else { continue }
            if weeks.isEmpty || date.weekday == 0 {
                weeks.append(("week of " + String(date.short.dropFirst(4)), 0))
            }
            weeks[weeks.count - 1].minutes += day.minutes
        }
        return weeks
    }

    /// The terminal summary: totals first, then minutes per day, then materials. O(days + materials).
    public func text(style: TextStyle = .plain) -> String {
        var lines: [String] = []
        let period = (CivilDate(from)?.short ?? from) + " – " + (CivilDate(to)?.short ?? to)
        lines.append(
            style("Practice \(period)", .heading) + style(" · \(ReportFormat.plural(totals.sessions, "session"))", .dim)
        )
        var summary = [
            "\(ReportFormat.clock(totals.playing)) playing",
            "streak \(ReportFormat.plural(streak.current, "day")) (longest \(streak.longest))",
            "basics \(ReportFormat.percent(totals.basicsShare))",
        ]
        if let lastBasics, let days = daysSinceBasics {
            summary.append(
                "last technique " + (days == 0 ? "today" : days == 1 ? "yesterday" : "\(days) days ago (\(lastBasics))")
            )
        } else {
            summary.append("no technique in this period")
        }
        summary.append(
            "\(ReportFormat.plural(totals.takes, "take")), \(totals.cleanTakes) of \(totals.judgedTakes) clean "
                + "(\(ReportFormat.percent(totals.cleanRatio)))"
        )
        summary.append(ReportFormat.plural(totals.contextSwitches, "context switch", "context switches"))
        lines.append(contentsOf: Self.wrap(summary))
        lines.append("")
        let buckets = self.buckets
        lines.append(style(buckets.count == days.count ? "MINUTES PER DAY" : "MINUTES PER WEEK", .label))
        let most = buckets.map(\.minutes).max() ?? 0
        let labelWidth = buckets.map(\.label.count).max() ?? 10
        var index = 0
        while index < buckets.count {
            let label = "  " + ReportFormat.pad(buckets[index].label, labelWidth) + "  "
            guard buckets[index].minutes < 0.5 else {
                let bar = Self.bar(buckets[index].minutes / max(most, 1) * 50)
                lines.append(
                    label + style(bar, .kind(.repertoire)) + " " + ReportFormat.decimal(buckets[index].minutes)
                )
                index += 1
                continue
            }
            // Four or more empty days in a row take one line.
            var end = index
            while end + 1 < buckets.count && buckets[end + 1].minutes < 0.5 { end += 1 }
            if end - index >= 3 {
                lines.append(
                    "  " + ReportFormat.pad(buckets[index].label + " – " + buckets[end].label, labelWidth * 2 + 3)
                        + "  "
                        + style(
                            "· " + ReportFormat.plural(end - index + 1, buckets.count == days.count ? "day" : "week")
                                + " without playing",
                            .dim
                        )
                )
            } else {
                for empty in index...end {
                    lines.append("  " + ReportFormat.pad(buckets[empty].label, labelWidth) + "  " + style("·", .dim))
                }
            }
            index = end + 1
        }
        if !materials.isEmpty {
            lines.append("")
            lines.append(
                style(
                    ReportFormat.pad("MATERIALS", 26) + ReportFormat.pad("sessions", 9, right: true)
                        + ReportFormat.pad("time", 9, right: true) + ReportFormat.pad("clean", 7, right: true)
                        + ReportFormat.pad("1st clean", 13, right: true) + ReportFormat.pad("pace", 14, right: true),
                    .label
                )
            )
            for material in materials {
                let firsts = material.points.compactMap(\.takesToFirstClean)
                let paces = material.points.compactMap(\.bestPace)
                lines.append(
                    "  " + ReportFormat.pad(ReportFormat.truncate(material.name, 23), 24)
                        + ReportFormat.pad("\(material.sessions)", 9, right: true)
                        + ReportFormat.pad(ReportFormat.clock(material.time), 9, right: true)
                        + ReportFormat.pad(
                            material.judgedTakes > 0
                                ? ReportFormat.percent(Double(material.cleanTakes) / Double(material.judgedTakes))
                                : "—",
                            7,
                            right: true
                        )
                        + ReportFormat.pad(Self.trend(firsts), 13, right: true)
                        + ReportFormat.pad(Self.trend(paces), 14, right: true)
                )
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// "6 → 2" from the first and last value; one value alone; "—" for none.
    static func trend(_ values: [Double]) -> String {
        guard let first = values.first, let last = values.last else { return "—" }
        return values.count == 1
            ? ReportFormat.decimal(first) : ReportFormat.decimal(first) + " → " + ReportFormat.decimal(last)
    }

    /// A bar of `width` columns with eighth-block precision.
    static func bar(_ width: Double) -> String {
        let eighths = max(1, Int((width * 8).rounded()))
        let partial = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        return String(repeating: "█", count: eighths / 8) + partial[eighths % 8]
    }

    static func wrap(_ items: [String]) -> [String] {
        var lines: [String] = []
        var current = ""
        for item in items {
            let candidate = current.isEmpty ? item : current + " · " + item
            if candidate.count > 80 && !current.isEmpty {
                lines.append(current)
                current = item
            } else {
                current = candidate
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}
