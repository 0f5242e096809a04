import PracticeAnalyzer
public import PracticeSegmenter

/// How the text report marks things up. The report itself decides only roles; a terminal
/// front end turns them into colour, and `plain` leaves the text alone (files, pipes, NO_COLOR).
public struct TextStyle: Sendable {
    public enum Role: Sendable, Hashable {
        case heading, label, dim, good, warning, bad
        case kind(StepKind)
    }

    private let apply: @Sendable (String, Role) -> String

    public init(_ apply: @escaping @Sendable (String, Role) -> String) {
        self.apply = apply
    }

    public static let plain = TextStyle { text, _ in text }

    func callAsFunction(_ text: String, _ role: Role) -> String { apply(text, role) }
}

extension PracticeReport {
    /// The terminal summary: at most 80 columns, the most useful first — what happened, the
    /// observations, focus and takes, the process, passages, then the timeline and tags.
    /// Numbers are the JSON's, rounded as ``ReportFormat`` says. O(steps + takes).
    public func text(style: TextStyle = .plain) -> String {
        TextReport(report: escapingControlCharacters(), style: style).render()
    }
}

/// Builds the text report line by line.
struct TextReport {
    static let width = 80
    static let labelWidth = 10
    let report: PracticeReport
    let style: TextStyle
    var lines: [String] = []

    init(report: PracticeReport, style: TextStyle) {
        self.report = report
        self.style = style
    }

    func render() -> String {
        var copy = self
        copy.build()
        return copy.lines.joined(separator: "\n") + "\n"
    }

    private mutating func build() {
        let digest = ReportDigest(report)
        lines.append(style(digest.title, .heading))
        lines.append(
            contentsOf: wrap(digest.subtitle.components(separatedBy: " · "), indent: 0).map { style($0, .dim) }
        )
        if !digest.highlights.isEmpty {
            lines.append("")
            for highlight in digest.highlights {
                let role: TextStyle.Role =
                    highlight.tone == .good ? .good : highlight.tone == .warning ? .warning : .dim
                let wrapped = wrap(highlight.text.split(separator: " ").map(String.init), indent: 2, separator: " ")
                for (index, line) in wrapped.enumerated() {
                    lines.append(index == 0 ? style("•", role) + String(line.dropFirst()) : line)
                }
            }
        }
        lines.append("")
        overview()
        if let process = report.metrics.process { processSection(process) }
        if !digest.passages.isEmpty { passagesSection(digest.passages) }
        let scores = ScoreDigest.all(report)
        if !scores.isEmpty { scoresSection(scores) }
        timeline()
        if !report.tags.isEmpty {
            lines.append("")
            section("TAGS", report.tags)
        }
    }

    /// Time, focus and takes: one labelled block each.
    private mutating func overview() {
        let metrics = report.metrics
        if let time = metrics.time {
            var items = ["\(ReportFormat.clock(time.active)) playing"]
            if time.technique > 0 { items.append("\(ReportFormat.clock(time.technique)) technique") }
            if time.repertoire > 0 { items.append("\(ReportFormat.clock(time.repertoire)) repertoire") }
            if time.free > 0 { items.append("\(ReportFormat.clock(time.free)) free play") }
            items.append("\(ReportFormat.clock(time.breaks)) breaks")
            items.append("\(ReportFormat.clock(time.pauses)) pauses")
            items.append("basics \(ReportFormat.percent(time.basicsShare))")
            section("TIME", items)
        }
        if let focus = metrics.focus {
            let rate = ReportFormat.perHour(focus.switchesPerHour, playing: report.session.activeTime)
            var items = [
                focus.style,
                ReportFormat.plural(metrics.contextSwitches, "switch", "switches") + (rate.map { " (\($0)/h)" } ?? ""),
                ReportFormat.plural(focus.returns, "return"),
            ]
            if let stretch = focus.longestStretch {
                items.append(
                    "longest \(ReportFormat.clock(stretch.duration)) on \(ReportFormat.truncate(report.materialName(stretch.material), 40))"
                )
            }
            items.append(ReportFormat.plural(focus.fragmentation, "material") + " per 10 min")
            section("FOCUS", items)
        } else {
            section("FOCUS", [ReportFormat.plural(metrics.contextSwitches, "switch", "switches")])
        }
        if let takes = metrics.takeTotals {
            section(
                "TAKES",
                [
                    ReportFormat.plural(takes.count, "take"),
                    ReportFormat.cleanTakes(takes),
                    "\(takes.abandoned) abandoned",
                    "\(takes.restartsWithoutPause) restarted without a pause",
                    ReportFormat.errorsPerTakePhrase(takes),
                ]
            )
        } else {
            section("TAKES", [ReportFormat.plural(metrics.takes, "take")])
        }
    }

    private mutating func processSection(_ process: ProcessMetrics) {
        lines.append("")
        lines.append(
            style("PROCESS", .label) + "   "
                + style(ReportFormat.pad(ReportFormat.truncate(process.title, 28), 28), .heading)
                + style("  planned  actual", .dim)
        )
        for step in process.steps {
            let planned = step.planned.map(ReportFormat.clock) ?? "—"
            let role: TextStyle.Role =
                step.status == "done" ? .good : step.status.hasPrefix("skipped (") ? .dim : .warning
            lines.append(
                String(repeating: " ", count: Self.labelWidth)
                    + ReportFormat.pad(ReportFormat.truncate(step.title, 28), 28)
                    + ReportFormat.pad(planned, 9, right: true)
                    + ReportFormat.pad(ReportFormat.clock(step.actual), 8, right: true)
                    + "  " + style(step.status, role)
            )
        }
        var items = ["order: " + (process.order.isEmpty ? "—" : process.order.joined(separator: " → "))]
        items.append(ReportFormat.stepsBack(process.outOfOrder))
        if process.unmatchedSteps > 0 {
            items.append(
                "\(ReportFormat.clock(process.unmatchedTime)) in "
                    + ReportFormat.plural(process.unmatchedSteps, "unmatched step")
            )
        }
        for line in wrap(items, indent: Self.labelWidth) { lines.append(style(line, .dim)) }
    }

    private mutating func passagesSection(_ rows: [ReportDigest.PassageRow]) {
        lines.append("")
        let header =
            ReportFormat.pad("PASSAGES", 34) + ReportFormat.pad("takes", 6, right: true)
            + ReportFormat.pad("clean", 7, right: true)
            + ReportFormat.pad("first", 7, right: true) + ReportFormat.pad("tempo", 12, right: true)
            + ReportFormat.pad("err/take", 10, right: true)
        lines.append(style(header, .label))
        // Piece by piece (the digest's order): the piece's name on a line of its own when the
        // session practised more than one, its passages under it by their place in it.
        let pieces = Set(rows.map(\.passage.material)).count
        var piece: String?
        for row in rows {
            var name = ReportFormat.truncate(row.name, max(8, 28 - row.label.count)) + " · " + row.label
            if pieces > 1 {
                if row.passage.material != piece {
                    lines.append("  " + style(ReportFormat.truncate(row.name, Self.width - 2), .heading))
                    piece = row.passage.material
                }
                name = "  " + row.label
            }
            let clean =
                row.passage.takes.clean == row.passage.takes.count
                ? TextStyle.Role.good : row.passage.takes.clean == 0 ? .bad : .dim
            lines.append(
                "  " + ReportFormat.pad(ReportFormat.truncate(name, 31), 32)
                    + ReportFormat.pad("\(row.passage.takes.count)", 6, right: true)
                    + style(ReportFormat.pad(row.clean, 7, right: true), clean)
                    + ReportFormat.pad(row.firstClean, 7, right: true) + ReportFormat.pad(row.tempo, 12, right: true)
                    + ReportFormat.pad(row.errors, 10, right: true)
            )
        }
    }

    /// Per piece with a score: the tempo against its mark, then the bars that need work.
    private mutating func scoresSection(_ scores: [ScoreDigest]) {
        lines.append("")
        for (index, score) in scores.enumerated() {
            let head = ReportFormat.truncate(score.name, 30) + (score.tempo.map { ": " + $0 } ?? "")
            section(index == 0 ? "SCORES" : "", [head])
            guard let bars = score.barsSummary else { continue }
            if score.worst.isEmpty {
                lines.append(contentsOf: wrap(bars, indent: Self.labelWidth).map { style($0, .good) })
                continue
            }
            lines.append(String(repeating: " ", count: Self.labelWidth) + style("bars that need work:", .dim))
            lines.append(contentsOf: wrap(bars, indent: Self.labelWidth + 2))
        }
    }

    /// One line per step; takes summarised on the step's line, a technique step's exercises
    /// under it.
    private mutating func timeline() {
        lines.append("")
        lines.append(style("TIMELINE", .label))
        for step in report.steps {
            let span =
                ReportFormat.pad(ReportFormat.clock(step.start), 8, right: true) + "–"
                + ReportFormat.pad(ReportFormat.clock(step.end), 8)
            let kind = style(ReportFormat.pad(ReportFormat.kindName(step.kind), 11), .kind(step.kind))
            var what = step.kind == .rest ? "" : step.label
            if step.kind == .repertoire || !step.takes.isEmpty {
                let clean = step.takes.filter { $0.clean == true }.count
                let abandoned = step.takes.filter { !$0.complete }.count
                var counts = ReportFormat.plural(step.takes.count, "take")
                if step.takes.contains(where: { $0.clean != nil }) { counts += ", \(clean) clean" }
                if abandoned > 0 { counts += ", \(abandoned) abandoned" }
                // 30 columns go to the times and the kind; the label gets what the counts leave.
                what = ReportFormat.truncate(what, max(8, 48 - counts.count)) + "  " + style(counts, .dim)
            } else {
                what = ReportFormat.truncate(what, 48)
            }
            lines.append(span + " " + kind + " " + what)
            exercises(step.exercises ?? [])
        }
    }

    /// The exercises of a technique step under its line, one a line, when it has more than one
    /// (a single exercise is the step's label); at most six lines.
    private mutating func exercises(_ exercises: [PracticeReport.Exercise]) {
        guard exercises.count > 1 else { return }
        // Under the kind column, which leaves 60 columns for the label.
        let indent = String(repeating: " ", count: 18)
        let shown = exercises.count > 6 ? Array(exercises.prefix(5)) : exercises
        for exercise in shown {
            lines.append(indent + style("·", .dim) + " " + ReportFormat.truncate(exercise.label, Self.width - 20))
        }
        if shown.count < exercises.count {
            lines.append(indent + style("· and \(exercises.count - shown.count) more", .dim))
        }
    }

    /// "LABEL     item · item · item", wrapped under the label.
    private mutating func section(_ label: String, _ items: [String]) {
        for (index, line) in wrap(items, indent: Self.labelWidth).enumerated() {
            lines.append(
                index == 0
                    ? style(ReportFormat.pad(label, Self.labelWidth), .label) + line.dropFirst(Self.labelWidth) : line
            )
        }
    }

    /// Joins items with the separator into lines of at most 80 columns, each indented.
    private func wrap(_ items: [String], indent: Int, separator: String = " · ") -> [String] {
        let prefix = String(repeating: " ", count: indent)
        var result: [String] = []
        var current = ""
        // An item longer than a line (a long file or piece name) is cut, not spilled.
        for item in items.map({ ReportFormat.truncate($0, Self.width - indent) }) {
            let candidate = current.isEmpty ? item : current + separator + item
            if prefix.count + candidate.count > Self.width && !current.isEmpty {
                result.append(prefix + current)
                current = item
            } else {
                current = candidate
            }
        }
        if !current.isEmpty { result.append(prefix + current) }
        return result
    }
}
