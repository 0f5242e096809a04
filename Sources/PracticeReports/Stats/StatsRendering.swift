public import Foundation
import MIDICore
public import PracticeAnalyzer

extension PracticeStats {
    /// Pretty-printed JSON with sorted keys.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// How minutes are bucketed: per day up to 45 days, per week up to 400, per month beyond.
    enum BucketUnit: String {
        case day, week, month
    }

    var bucketUnit: BucketUnit { days.count <= 45 ? .day : days.count <= 400 ? .week : .month }

    /// Whether the period runs over more than one calendar year (then dates carry their year).
    var crossesYears: Bool {
        guard let first = CivilDate(from), let last = CivilDate(to) else { return false }
        return first.components.year != last.components.year
    }

    /// "Thu 1 Oct – Fri 4 Dec", with the years when the period crosses one
    /// ("Thu 1 Oct 2020 – Fri 4 Dec 2025").
    public var periodTitle: String {
        let name = { (text: String) -> String in
            guard let date = CivilDate(text) else { return text }
            return crossesYears ? date.short + " \(date.components.year)" : date.short
        }
        return "Practice " + name(from) + " – " + name(to)
    }

    /// "no sessions in the last 30 days — `woodshed stats --since all` shows every session", for
    /// an empty period; nil otherwise.
    public var emptyPeriodNote: String? {
        guard totals.sessions == 0 else { return nil }
        return "no sessions in the last \(ReportFormat.plural(days.count, "day")) — "
            + "`woodshed stats --since all` shows every session"
    }

    /// Minutes per day, week or month (``bucketUnit``), labelled with the year when the period
    /// crosses one.
    var buckets: [(label: String, minutes: Double)] {
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let year = { (date: CivilDate) in self.crossesYears ? " \(date.components.year)" : "" }
        var buckets: [(label: String, minutes: Double)] = []
        for day in days {
            guard let date = CivilDate(day.date) else { continue }
            switch bucketUnit {
            case .day:
                buckets.append((date.short + year(date), day.minutes))
                continue
            case .week:
                if buckets.isEmpty || date.weekday == 0 {
                    buckets.append(("week of " + String(date.short.dropFirst(4)) + year(date), 0))
                }
            case .month:
                if buckets.isEmpty || date.components.day == 1 {
                    buckets.append((months[date.components.month - 1] + " \(date.components.year)", 0))
                }
            }
            buckets[buckets.count - 1].minutes += day.minutes
        }
        return buckets
    }

    /// The terminal summary: totals first, then minutes per day, then materials. O(days + materials).
    public func text(style: TextStyle = .plain) -> String {
        var lines: [String] = []
        lines.append(
            style(periodTitle, .heading) + style(" · \(ReportFormat.plural(totals.sessions, "session"))", .dim)
        )
        if let note = emptyPeriodNote {
            lines.append(note)
            return lines.joined(separator: "\n") + "\n"
        }
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
        lines.append(style("MINUTES PER " + bucketUnit.rawValue.uppercased(), .label))
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
                            "· " + ReportFormat.plural(end - index + 1, bucketUnit.rawValue)
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
        if !materials.isEmpty || totals.technique > 0 {
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
                        + ReportFormat.pad(Self.trend(paces, unit: "/s"), 14, right: true)
                )
            }
            if totals.technique > 0 {
                // Exercises are not followed one by one: their time in all.
                lines.append(
                    "  " + ReportFormat.pad("Technique (exercises)", 24) + ReportFormat.pad("—", 9, right: true)
                        + ReportFormat.pad(ReportFormat.clock(totals.technique), 9, right: true)
                )
            }
            if materials.contains(where: { $0.points.contains { $0.bestPace != nil } }) {
                lines.append(style("  pace: positions of the piece per second in the fastest clean take", .dim))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// "6 → 2" from the first and last value; one value alone; "—" for none. `unit` follows
    /// each number ("19.8/s").
    static func trend(_ values: [Double], unit: String = "") -> String {
        guard let first = values.first, let last = values.last else { return "—" }
        return values.count == 1
            ? ReportFormat.decimal(first) + unit
            : ReportFormat.decimal(first) + unit + " → " + ReportFormat.decimal(last) + unit
    }

    /// A bar of `width` columns with eighth-block precision.
    static func bar(_ width: Double) -> String {
        let eighths = max(1, Int(saturating: (width * 8).rounded()))
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
