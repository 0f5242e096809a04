public import MIDICore
import Mustache
import PracticeAnalyzer
import PracticeSegmenter

extension PracticeReport {
    /// One self-contained HTML page (inline CSS and SVG, no scripts, nothing fetched): the
    /// headline numbers, a timeline of the steps and takes, the exercises named in technique
    /// steps, a piano roll of `notes`, tempo per
    /// take for each passage, the process, the metrics table and the tags. Built from
    /// Templates/report.mustache; every string from the session or the user is HTML-escaped by
    /// the template engine. O(notes + steps + takes).
    public func html(notes: [Note]) -> String {
        HTMLPages.render("report", ReportPage(self, notes: notes))
    }
}

/// The embedded Mustache templates, parsed once.
enum HTMLPages {
    static let library: MustacheLibrary = {
        var library = MustacheLibrary()
        for (name, text) in EmbeddedTemplates.files {
            // A template that does not parse is a build defect; the tests render every page.
            if let template = try? MustacheTemplate(string: text) { library.register(template, named: name) }
        }
        return library
    }()

    /// `template` rendered with `page`. Every view model answers the engine's lookups itself
    /// (``MustacheParent``, a `switch` over its fields): the engine's fallback reads a field
    /// through `Mirror`, materialising every stored property for each `{{name}}` — half of a
    /// 20-minute session's HTML report's time. Debug builds check each page against `Mirror`
    /// first (``TemplateFields``).
    static func render(_ template: String, _ page: Any) -> String {
        #if DEBUG
        let wrong = TemplateFields.mismatches(in: page)
        assert(wrong.isEmpty, "template \(template): " + wrong.joined(separator: "; "))
        #endif
        return library.render(page, withTemplate: template)
            ?? "<!doctype html><title>Woodshed</title><p>template \(template) missing"
    }
}

/// Everything the report template shows, as display strings.
struct ReportPage {
    struct Tile {
        var label: String
        var value: String
        var detail: String
        var tone: String
    }

    struct Share {
        var kind: String
        var width: String
        var label: String
    }

    struct Note {
        var text: String
        var tone: String
    }

    struct ProcessRow {
        var title: String
        var planned: String
        var actual: String
        var status: String
        var tone: String
        var plannedWidth: String
        var actualWidth: String
    }

    struct ProcessView {
        var title: String
        var rows: [ProcessRow]
        var order: [String]
        var back: String
    }

    /// One exercise of a technique step: "0:05–0:18", "D minor scale (harmonic), 2 octaves, …".
    struct ExerciseRow {
        var time: String
        var label: String
    }

    struct MetricGroup {
        var name: String
        var rows: [MetricRows.Row]
    }

    var title: String
    var subtitle: String
    var tiles: [Tile]
    var shares: [Share]
    var notes: [Note]
    var hasNotes: Bool
    var timeline: TimelineView
    var roll: PianoRollView?
    var exercises: [ExerciseRow]
    var hasExercises: Bool
    var passages: [PassageCardView]
    var singles: [PassageCardView.Chip]
    var hasSingles: Bool
    var hasPassages: Bool
    var scores: [HeatStripView]
    var hasScores: Bool
    var process: ProcessView?
    var metrics: [MetricGroup]
    var tags: [String]
    var hasTags: Bool
    var footer: String

    init(_ report: PracticeReport, notes sessionNotes: [MIDICore.Note]) {
        let digest = ReportDigest(report)
        title = digest.title
        subtitle = digest.subtitle
        tiles = Self.tiles(report)
        shares = Self.shares(report)
        notes = digest.highlights.map {
            Note(text: $0.text, tone: $0.tone == .good ? "good" : $0.tone == .warning ? "warning" : "neutral")
        }
        hasNotes = !notes.isEmpty
        timeline = TimelineView(report)
        roll = PianoRollView(report, notes: sessionNotes)
        exercises = report.steps.flatMap { $0.exercises ?? [] }.map {
            ExerciseRow(time: ReportFormat.clock($0.start) + "–" + ReportFormat.clock($0.end), label: $0.label)
        }
        hasExercises = !exercises.isEmpty
        let takesByPassage = Dictionary(grouping: report.allTakes.map(\.take), by: \.passage)
        let repertoire = digest.passages.filter { $0.passage.kind == .repertoire }
        // A chart needs at least two takes; passages played once are listed as chips.
        passages = repertoire.filter { $0.passage.takes.count >= 2 }.map {
            PassageCardView(
                $0,
                takes: (takesByPassage[$0.passage.id] ?? []).sorted { $0.start < $1.start },
                markedTempo: report.materials.first { [id = $0.passage.material] in $0.id == id }?.markedTempo
            )
        }
        singles = repertoire.filter { $0.passage.takes.count == 1 }.compactMap { row in
            guard let take = takesByPassage[row.passage.id]?.first else { return nil }
            let status = TimelineView.status(take)
            let result = status == "unknown" ? "played once" : ReportFormat.takeResult(take, clean: "clean")
            return PassageCardView.Chip(text: row.name + " · " + row.label + " · " + result, status: status)
        }
        hasSingles = !singles.isEmpty
        hasPassages = !passages.isEmpty || hasSingles
        scores = ScoreDigest.all(report).map(HeatStripView.init)
        hasScores = !scores.isEmpty
        process = report.metrics.process.map(Self.process)
        let rows = MetricRows(report).rows
        var groups: [MetricGroup] = []
        for row in rows {
            if groups.last?.name == row.group {
                groups[groups.count - 1].rows.append(row)
            } else {
                groups.append(MetricGroup(name: row.group, rows: [row]))
            }
        }
        metrics = groups
        tags = report.tags
        hasTags = !tags.isEmpty
        footer =
            "Woodshed" + (report.analyzer?.woodshed.map { " " + $0 } ?? "") + " · analyzer v"
            + (report.analyzer.map { "\($0.version)" } ?? "–") + " · " + report.schema
    }

    static func tiles(_ report: PracticeReport) -> [Tile] {
        let metrics = report.metrics
        var tiles = [
            Tile(
                label: "Playing",
                value: ReportFormat.clock(report.session.activeTime),
                detail: "of " + ReportFormat.clock(report.session.duration),
                tone: "neutral"
            )
        ]
        if let takes = metrics.takeTotals {
            let notJudged = ReportFormat.notJudgedCount(takes)
            tiles.append(
                Tile(
                    label: "Clean takes",
                    value: takes.judged == 0 ? "—" : "\(takes.clean)/\(takes.judged)",
                    detail: (takes.judged == 0 ? "not judged" : ReportFormat.percent(takes.cleanRatio))
                        + " · \(takes.abandoned) abandoned" + (notJudged > 0 ? " · \(notJudged) not judged" : ""),
                    tone: takes.judged == 0 ? "neutral" : takes.cleanRatio >= 0.5 ? "good" : "warning"
                )
            )
        }
        if let focus = metrics.focus {
            tiles.append(
                Tile(
                    label: "Switches",
                    value: "\(metrics.contextSwitches)",
                    detail: (ReportFormat.perHour(focus.switchesPerHour, playing: report.session.activeTime)
                        .map { $0 + " an hour · " } ?? "") + focus.style,
                    tone: focus.style == "scattered" ? "warning" : focus.style == "focused" ? "good" : "neutral"
                )
            )
            if let stretch = focus.longestStretch {
                tiles.append(
                    Tile(
                        label: "Longest focus",
                        value: ReportFormat.clock(stretch.duration),
                        detail: "on " + report.materialName(stretch.material),
                        tone: "neutral"
                    )
                )
            }
        }
        if let time = metrics.time {
            tiles.append(
                Tile(
                    label: "Basics",
                    value: ReportFormat.percent(time.basicsShare),
                    detail: ReportFormat.clock(time.technique) + " technique",
                    tone: time.basicsShare >= 0.1 ? "neutral" : "warning"
                )
            )
        }
        return tiles
    }

    /// The playing time split by kind, as widths of one bar.
    static func shares(_ report: PracticeReport) -> [Share] {
        guard let time = report.metrics.time, time.total > 0 else { return [] }
        let parts: [(String, Double, String)] = [
            ("technique", time.technique, "technique"), ("repertoire", time.repertoire, "repertoire"),
            ("free", time.free, "free play"),
        ]
        var shares = parts.filter { $0.1 > 0 }.map {
            Share(kind: $0.0, width: SVGNumber.percent($0.1 / time.total), label: $0.2 + " " + ReportFormat.clock($0.1))
        }
        // Not playing: the breaks and the pauses the metrics show, each by its own name.
        if time.breaks + time.pauses > 0 {
            shares.append(
                Share(
                    kind: "rest",
                    width: SVGNumber.percent((time.breaks + time.pauses) / time.total),
                    label: "breaks " + ReportFormat.clock(time.breaks) + " + pauses " + ReportFormat.clock(time.pauses)
                )
            )
        }
        return shares
    }

    static func process(_ process: ProcessMetrics) -> ProcessView {
        let longest = process.steps.map { max($0.planned ?? 0, $0.actual) }.max() ?? 1
        let rows = process.steps.map { step in
            ProcessRow(
                title: step.title,
                planned: step.planned.map(ReportFormat.clock) ?? "—",
                actual: ReportFormat.clock(step.actual),
                status: step.status,
                tone: step.status == "done" ? "good" : step.status.hasPrefix("skipped (") ? "neutral" : "warning",
                plannedWidth: SVGNumber.percent((step.planned ?? 0) / max(longest, 1)),
                actualWidth: SVGNumber.percent(step.actual / max(longest, 1))
            )
        }
        return ProcessView(
            title: process.title,
            rows: rows,
            order: process.order,
            back: ReportFormat.stepsBack(process.outOfOrder)
                + (process.unmatchedSteps > 0
                    ? " · \(ReportFormat.clock(process.unmatchedTime)) in "
                        + ReportFormat.plural(process.unmatchedSteps, "unmatched step") : "")
        )
    }
}

extension ReportPage.Tile: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "label": label
        case "value": value
        case "detail": detail
        case "tone": tone
        default: nil
        }
    }
}

extension ReportPage.Share: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "kind": kind
        case "width": width
        case "label": label
        default: nil
        }
    }
}

extension ReportPage.Note: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "text": text
        case "tone": tone
        default: nil
        }
    }
}

extension ReportPage.ProcessRow: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "title": title
        case "planned": planned
        case "actual": actual
        case "status": status
        case "tone": tone
        case "plannedWidth": plannedWidth
        case "actualWidth": actualWidth
        default: nil
        }
    }
}

extension ReportPage.ProcessView: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "title": title
        case "rows": rows
        case "order": order
        case "back": back
        default: nil
        }
    }
}

extension ReportPage.ExerciseRow: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "time": time
        case "label": label
        default: nil
        }
    }
}

extension ReportPage.MetricGroup: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "name": name
        case "rows": rows
        default: nil
        }
    }
}

extension ReportPage: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "title": title
        case "subtitle": subtitle
        case "tiles": tiles
        case "shares": shares
        case "notes": notes
        case "hasNotes": hasNotes
        case "timeline": timeline
        case "roll": roll
        case "exercises": exercises
        case "hasExercises": hasExercises
        case "passages": passages
        case "singles": singles
        case "hasSingles": hasSingles
        case "hasPassages": hasPassages
        case "scores": scores
        case "hasScores": hasScores
        case "process": process
        case "metrics": metrics
        case "tags": tags
        case "hasTags": hasTags
        case "footer": footer
        default: nil
        }
    }
}
