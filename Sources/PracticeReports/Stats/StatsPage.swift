import Mustache
public import PracticeAnalyzer

extension PracticeStats {
    /// The trends page: one self-contained HTML file like the session report.
    /// O(days + materials · sessions).
    public func html() -> String {
        HTMLPages.render("stats", StatsPage(self))
    }
}

/// What the stats template shows, as display strings.
struct StatsPage {
    struct Bar {
        var x: String
        var y: String
        var width: String
        var height: String
        var title: String
    }

    struct Label {
        var left: String
        var text: String
    }

    struct Sparkline {
        var d: String
        var dots: [Dot]
        var first: String
        var last: String
        var has: Bool
    }

    struct Dot {
        var cx: String
        var cy: String
    }

    struct Material {
        var name: String
        var sessions: String
        var time: String
        var clean: String
        var firstClean: Sparkline
        var pace: Sparkline
    }

    var title: String
    var subtitle: String
    var tiles: [ReportPage.Tile]
    var bars: [Bar]
    var labels: [Label]
    var unit: String
    var peak: String
    var materials: [Material]
    var hasMaterials: Bool
    var footer: String

    init(_ stats: PracticeStats) {
        title = stats.periodTitle
        subtitle =
            stats.emptyPeriodNote
            ?? (ReportFormat.plural(stats.totals.sessions, "session") + " · "
                + ReportFormat.clock(stats.totals.playing) + " playing")
        var basicsDetail = ReportFormat.clock(stats.totals.technique) + " technique"
        if let days = stats.daysSinceBasics {
            basicsDetail += days == 0 ? " · last today" : days == 1 ? " · last yesterday" : " · last \(days) days ago"
        }
        tiles = [
            .init(
                label: "Streak",
                value: ReportFormat.plural(stats.streak.current, "day"),
                detail: "longest \(stats.streak.longest)",
                tone: stats.streak.current > 0 ? "good" : "neutral"
            ),
            .init(
                label: "Playing",
                value: ReportFormat.clock(stats.totals.playing),
                detail: ReportFormat.plural(stats.totals.sessions, "session"),
                tone: "neutral"
            ),
            .init(
                label: "Basics",
                value: ReportFormat.percent(stats.totals.basicsShare),
                detail: basicsDetail,
                tone: stats.totals.basicsShare >= 0.1 ? "neutral" : "warning"
            ),
            .init(
                label: "Clean takes",
                value: ReportFormat.percent(stats.totals.cleanRatio),
                detail: "\(stats.totals.cleanTakes) of " + ReportFormat.plural(stats.totals.judgedTakes, "judged take"),
                tone: "neutral"
            ),
        ]
        let buckets = stats.buckets
        unit = "Minutes per " + stats.bucketUnit.rawValue
        peak = "most " + ReportFormat.decimal(buckets.map(\.minutes).max() ?? 0) + " min"
        let most = max(buckets.map(\.minutes).max() ?? 0, 1)
        let slot = 1000 / Double(max(buckets.count, 1))
        bars = buckets.enumerated().map { index, bucket in
            let height = bucket.minutes / most * 170
            return Bar(
                x: SVGNumber.format(Double(index) * slot + slot * 0.12),
                y: SVGNumber.format(180 - height),
                width: SVGNumber.format(slot * 0.76),
                height: SVGNumber.format(height),
                title: bucket.label + ": " + ReportFormat.decimal(bucket.minutes) + " min"
            )
        }
        // About six labels, evenly spaced, always the first and the last.
        let every = max(1, buckets.count / 6)
        // An evenly spaced label too close to the last one would overlap it: the last one stays.
        let last = buckets.count - 1
        labels = buckets.indices.filter {
            $0 == last || ($0 % every == 0 && Double(last - $0) >= max(1, Double(every) * 0.6))
        }.map {
            Label(left: SVGNumber.percent((Double($0) + 0.5) / Double(max(buckets.count, 1))), text: buckets[$0].label)
        }
        materials = stats.materials.map { material in
            Material(
                name: material.name,
                sessions: "\(material.sessions)",
                time: ReportFormat.clock(material.time),
                clean: material.judgedTakes > 0
                    ? ReportFormat.percent(Double(material.cleanTakes) / Double(material.judgedTakes)) : "—",
                firstClean: Self.sparkline(material.points.map(\.takesToFirstClean)),
                pace: Self.sparkline(material.points.map(\.bestPace), unit: "/s")
            )
        }
        if stats.totals.technique > 0 {
            // Exercises are not followed one by one: their time in all.
            let none = Sparkline(d: "", dots: [], first: "—", last: "", has: false)
            materials.append(
                Material(
                    name: "Technique (exercises)",
                    sessions: "—",
                    time: ReportFormat.clock(stats.totals.technique),
                    clean: "—",
                    firstClean: none,
                    pace: none
                )
            )
        }
        hasMaterials = !materials.isEmpty
        footer = "Woodshed · " + PracticeStats.schemaName
    }

    /// A 120 × 32 line through the known values, in session order.
    static func sparkline(_ values: [Double?], unit: String = "") -> Sparkline {
        let known = values.enumerated().compactMap { index, value in value.map { (index, $0) } }
        guard let low = known.map(\.1).min(), let high = known.map(\.1).max() else {
            return Sparkline(d: "", dots: [], first: "—", last: "", has: false)
        }
        let span = max(high - low, 1e-9)
        let step = 112 / Double(max(values.count - 1, 1))
        let points = known.map { index, value in
            (SVGNumber.format(4 + Double(index) * step), SVGNumber.format(28 - (value - low) / span * 24))
        }
        return Sparkline(
            d: points.enumerated().map { ($0.offset == 0 ? "M" : "L") + $0.element.0 + " " + $0.element.1 }.joined(),
            dots: points.map { Dot(cx: $0.0, cy: $0.1) },
            first: ReportFormat.decimal(known[0].1) + unit,
            last: known.count > 1 ? "→ " + ReportFormat.decimal(known[known.count - 1].1) + unit : "",
            has: true
        )
    }
}

extension StatsPage.Bar: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "x": x
        case "y": y
        case "width": width
        case "height": height
        case "title": title
        default: nil
        }
    }
}

extension StatsPage.Label: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "left": left
        case "text": text
        default: nil
        }
    }
}

extension StatsPage.Sparkline: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "d": d
        case "dots": dots
        case "first": first
        case "last": last
        case "has": has
        default: nil
        }
    }
}

extension StatsPage.Dot: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "cx": cx
        case "cy": cy
        default: nil
        }
    }
}

extension StatsPage.Material: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "name": name
        case "sessions": sessions
        case "time": time
        case "clean": clean
        case "firstClean": firstClean
        case "pace": pace
        default: nil
        }
    }
}

extension StatsPage: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "title": title
        case "subtitle": subtitle
        case "tiles": tiles
        case "bars": bars
        case "labels": labels
        case "unit": unit
        case "peak": peak
        case "materials": materials
        case "hasMaterials": hasMaterials
        case "footer": footer
        default: nil
        }
    }
}
