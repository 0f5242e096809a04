import PracticeAnalyzer
import PracticeSegmenter

extension PracticeReport {
    /// The report as GitHub-flavoured Markdown: the text report's sections as headings, lists
    /// and tables. User-provided text (labels, names) has Markdown's special characters escaped.
    /// O(steps + takes).
    public func markdown() -> String {
        let report = escapingControlCharacters()
        return report.markdownEscaped()
    }

    private func markdownEscaped() -> String {
        var out = MarkdownWriter()
        let digest = ReportDigest(self)
        out.line("# " + out.escape(digest.title))
        out.line("")
        out.line(out.escape(digest.subtitle))
        if !digest.highlights.isEmpty {
            out.line("")
            for highlight in digest.highlights { out.line("- " + out.escape(highlight.text)) }
        }
        out.line("")
        out.line("## Metrics")
        out.line("")
        out.table(["Metric", "Value"], MetricRows(self).rows.map { [$0.name, $0.value] })
        if let process = metrics.process {
            out.line("")
            out.line("## Process: " + out.escape(process.title))
            out.line("")
            out.table(
                ["Step", "Planned", "Actual", "Status"],
                process.steps.map {
                    [$0.title, $0.planned.map(ReportFormat.clock) ?? "—", ReportFormat.clock($0.actual), $0.status]
                }
            )
            out.line("")
            out.line(
                "Order: " + (process.order.isEmpty ? "—" : process.order.joined(separator: " → ")) + " · "
                    + ReportFormat.stepsBack(process.outOfOrder)
            )
        }
        if !digest.passages.isEmpty {
            out.line("")
            out.line("## Passages")
            out.line("")
            out.table(
                ["Passage", "Takes", "Clean", "First clean", "Tempo", "Errors/take"],
                digest.passages.map {
                    [
                        $0.name + " · " + $0.label, "\($0.passage.takes.count)", $0.clean, $0.firstClean, $0.tempo,
                        $0.errors,
                    ]
                }
            )
        }
        for score in ScoreDigest.all(self) {
            out.line("")
            out.line("## Score: " + out.escape(score.name))
            if let tempo = score.tempo {
                out.line("")
                out.line(out.escape(tempo.prefix(1).uppercased() + tempo.dropFirst()) + ".")
            }
            guard score.judgedTakes > 0, !score.bars.isEmpty else { continue }
            out.line("")
            if score.worst.isEmpty {
                let summary = score.barsSummary?.first ?? ""
                out.line(out.escape(summary.prefix(1).uppercased() + summary.dropFirst()) + ".")
                continue
            }
            out.line("Bars that need work:")
            out.line("")
            out.table(
                ["Bars", "Takes with errors", "Errors"],
                score.worst.map {
                    [$0.bars.name, "\($0.takesWithErrors) of \($0.takes)", "\($0.errors)"]
                }
            )
            if score.moreRuns > 0 {
                out.line("")
                out.line(
                    out.escape("\(score.moreRuns) more runs of bars with errors (JSON: materials[].barsNeedingWork).")
                )
            }
        }
        out.line("")
        out.line("## Timeline")
        out.line("")
        // A technique step's exercises follow it as rows of their own (a single one is its label).
        out.table(
            ["From", "To", "Kind", "What", "Takes"],
            steps.flatMap { step in
                let takes =
                    step.takes.isEmpty
                    ? "" : "\(step.takes.count) (\(step.takes.filter { $0.clean == true }.count) clean)"
                let row = [
                    ReportFormat.clock(step.start), ReportFormat.clock(step.end), ReportFormat.kindName(step.kind),
                    step.kind == .rest ? "" : step.label, takes,
                ]
                let exercises = (step.exercises ?? []).count > 1 ? step.exercises ?? [] : []
                return [row]
                    + exercises.map {
                        [ReportFormat.clock($0.start), ReportFormat.clock($0.end), "", "↳ " + $0.label, ""]
                    }
            }
        )
        if !tags.isEmpty {
            out.line("")
            out.line("Tags: " + tags.map { "`\($0)`" }.joined(separator: " "))
        }
        return out.text
    }
}

/// Accumulates Markdown and escapes what users typed.
struct MarkdownWriter {
    var text = ""

    mutating func line(_ line: String) { text += line + "\n" }

    /// A pipe table; every cell escaped.
    mutating func table(_ header: [String], _ rows: [[String]]) {
        line("| " + header.map(escape).joined(separator: " | ") + " |")
        line("|" + header.map { _ in " --- |" }.joined())
        for row in rows { line("| " + row.map(escape).joined(separator: " | ") + " |") }
    }

    /// Backslash before the characters Markdown would read as markup, and no raw HTML.
    func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "\\", "`", "*", "_", "[", "]", "|", "#", "<", ">", "!": out += "\\" + String(character)
            case "\n": out += " "
            default: out.append(character)
            }
        }
        return out
    }
}
