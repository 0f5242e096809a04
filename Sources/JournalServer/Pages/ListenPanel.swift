import Mustache
import PracticeAnalyzer
import PracticeLibrary
import PracticeReports

/// The session page's "Listen and compare" panel: every passage with a button for its best take
/// and one per take (numbered as the session counts them, `export --take N`'s numbers), a box on
/// each take to pick two for the compare page (a plain GET form, so it works without the
/// script), and the player bar the script (/journal.js) drives.
struct ListenPanel {
    struct Take {
        var number: Int
        /// clean, errors, stopped, unjudged (the report's chip colours).
        var status: String
        /// "take 2 of this passage · 0:12 · clean · 85% tempo".
        var title: String
        var start: String
    }

    struct Passage {
        var name: String
        var piece: String
        /// The passage's best take (its reference, else its first clean one): none or one.
        var best: [Int]
        var takes: [Take]
    }

    var id: Int64
    /// The session's length as the timeline and the piano roll draw it, seconds.
    var duration: String
    var passages: [Passage]
    var takeCount: Int
    /// Whether any passage has takes.
    var hasTakes: Bool

    init(id: Int64, report: PracticeReport) {
        self.id = id
        duration = "\(max(report.session.duration, report.steps.last?.end ?? 0, 1))"
        let numbered = SessionExcerpt.numberedTakes(report)
        takeCount = numbered.count
        hasTakes = !numbered.isEmpty
        var byPassage: [String: [SessionExcerpt.NumberedTake]] = [:]
        for take in numbered { byPassage[take.take.passage, default: []].append(take) }
        var placed = report.placedPassages().map { (id: $0.passage.id, label: $0.label) }
        // Takes of a passage the analysis did not list still get a row.
        var seen = Set(placed.map(\.id))
        for take in numbered where seen.insert(take.take.passage).inserted {
            placed.append((id: take.take.passage, label: "passage \(take.take.passage)"))
        }
        passages = placed.compactMap { passage in
            guard let takes = byPassage[passage.id], let first = takes.first else { return nil }
            let best = takes.first { $0.take.reference == true } ?? takes.first { $0.take.clean == true }
            return Passage(
                name: passage.label,
                piece: first.materialName,
                best: takes.count > 1 ? best.map { [$0.number] } ?? [] : [],
                takes: takes.map(Self.take)
            )
        }
    }

    static func take(_ numbered: SessionExcerpt.NumberedTake) -> Take {
        let take = numbered.take
        var words = [
            "take \(numbered.number)" + (take.number.map { " (\(ordinal($0)) of this passage)" } ?? ""),
            "at \(ReportFormat.clock(take.start))",
            ReportFormat.clock(take.end - take.start) + " long",
        ]
        words.append(result(take))
        if let tempo = take.tempo { words.append("\(ReportFormat.percent(tempo)) of the best clean tempo") }
        return Take(
            number: numbered.number,
            status: status(take),
            title: words.joined(separator: " · "),
            start: "\(take.start)"
        )
    }

    /// "clean", "2 wrong, 1 missing", "stopped early", "not judged: played once".
    static func result(_ take: PracticeReport.Take) -> String {
        if !take.complete { return "stopped early" }
        guard let errors = take.errors else {
            return "not judged" + (take.notJudged.map { ": \($0.label)" } ?? "")
        }
        if errors.total == 0 { return "clean" }
        return [(errors.wrong, "wrong"), (errors.missing, "missing"), (errors.extra, "extra")]
            .filter { $0.0 > 0 }.map { "\($0.0) \($0.1)" }.joined(separator: ", ")
    }

    static func status(_ take: PracticeReport.Take) -> String {
        if !take.complete { return "abandoned" }
        guard let errors = take.errors else { return "unjudged" }
        return errors.total == 0 ? "clean" : "errors"
    }

    static func ordinal(_ number: Int) -> String {
        let suffix =
            (11...13).contains(number % 100) ? "th" : [1: "st", 2: "nd", 3: "rd"][number % 10] ?? "th"
        return "\(number)\(suffix)"
    }
}

extension ListenPanel.Take: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "number": number
        case "status": status
        case "title": title
        case "start": start
        default: nil
        }
    }
}

extension ListenPanel.Passage: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "name": name
        case "piece": piece
        case "best": best
        case "takes": takes
        default: nil
        }
    }
}

extension ListenPanel: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "id": id
        case "duration": duration
        case "passages": passages
        case "takeCount": takeCount
        case "hasTakes": hasTakes
        default: nil
        }
    }
}
