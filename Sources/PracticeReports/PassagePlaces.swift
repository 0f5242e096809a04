public import PracticeAnalyzer

/// Where passages lie in their piece, in words a musician can find them by: the printed bars
/// when the piece has a score ("bars 21–24"), otherwise their start in the piece as played —
/// "from the opening", "from 1:12 of the piece" — with its end when two passages start at the
/// same place ("from 1:12 to 1:40"). Positions become seconds at the material's pace: its fastest clean
/// take's (`bestPace`), or else the median pace of its takes.
struct PassagePlaces {
    /// A passage starting within this many seconds of the material's start is "from the opening".
    static let openingSeconds = 2.0

    private var labels: [String: String] = [:]
    /// Passage ids in display order: by material (as the report lists them), then by start.
    private(set) var order: [String] = []

    init(_ report: PracticeReport) {
        let passages = report.passages ?? []
        let materialOrder = Dictionary(
            report.materials.enumerated().map { ($0.element.id, $0.offset) },
            uniquingKeysWith: { first, _ in first }
        )
        var paces: [String: Double] = [:]
        for material in report.materials { paces[material.id] = Self.pace(of: material, in: report) }
        // By the start as named (whole seconds; every start "from the opening" is one), then
        // the end: passages named alike stay together, shortest first.
        let start = { (passage: PassageMetrics) -> Double in
            guard let pace = paces[passage.material] ?? nil, pace > 0 else { return passage.from.rounded(.down) }
            let seconds = passage.from / pace
            return seconds < Self.openingSeconds ? 0 : seconds.rounded(.down)
        }
        order = passages.sorted {
            (materialOrder[$0.material] ?? .max, start($0), $0.to, $0.id)
                < (materialOrder[$1.material] ?? .max, start($1), $1.to, $1.id)
        }
        .map(\.id)
        var starts: [String: String] = [:]
        var startCounts: [String: Int] = [:]
        for passage in passages where passage.bars == nil {
            let start = Self.place(passage.from, pace: paces[passage.material] ?? nil, opening: true)
            starts[passage.id] = start
            startCounts[passage.material + "\u{0}" + start, default: 0] += 1
        }
        for passage in passages {
            if let bars = passage.bars {
                labels[passage.id] = bars.name
                continue
            }
            guard let start = starts[passage.id] else { continue }
            var label = start
            if startCounts[passage.material + "\u{0}" + start, default: 0] > 1 {
                // "from 1:12 to 1:40": short enough for a table column.
                label =
                    label.replacingOccurrences(of: " of the piece", with: "") + " to "
                    + Self.place(passage.to, pace: paces[passage.material] ?? nil, opening: false)
            }
            labels[passage.id] = label
        }
    }

    /// The passage's name within its piece.
    func label(_ passage: PassageMetrics) -> String {
        labels[passage.id] ?? passage.bars?.name ?? ReportDigest.shortID(passage.id)
    }

    /// "from the opening", "from 1:12 of the piece"; without a pace, "from position 364".
    static func place(_ position: Double, pace: Double?, opening: Bool) -> String {
        guard let pace, pace > 0 else {
            let number = "position \(Int(position.rounded()))"
            return opening ? (position < 1 ? "from the opening" : "from " + number) : number
        }
        let seconds = position / pace
        if opening {
            return seconds < openingSeconds ? "from the opening" : "from \(ReportFormat.clock(seconds)) of the piece"
        }
        return ReportFormat.clock(seconds)
    }

    /// Material positions per second: the fastest clean take's, else the median over the
    /// material's takes that moved forward.
    static func pace(of material: PracticeReport.Material, in report: PracticeReport) -> Double? {
        if let best = material.bestPace, best > 0 { return best }
        let paces = report.steps.filter { $0.material == material.id }.flatMap(\.takes)
            .compactMap { take -> Double? in
                guard take.end > take.start, take.to > take.from else { return nil }
                return (take.to - take.from) / (take.end - take.start)
            }
            .sorted()
        return paces.isEmpty ? nil : paces[paces.count / 2]
    }
}

extension PracticeReport {
    /// The passages in the order they lie in their pieces (piece by piece), each with its name
    /// in the piece: "bars 21–24" with a score, else "from the opening", "from 1:12 of the
    /// piece" (see docs/report-schema.md). O(passages log passages + takes).
    public func placedPassages() -> [(passage: PassageMetrics, label: String)] {
        let places = PassagePlaces(self)
        let byID = Dictionary((passages ?? []).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return places.order.compactMap { byID[$0] }.map { ($0, places.label($0)) }
    }
}
