/// An observation a session's report leads with. Which ones, and how good or bad each is, is
/// judged here — the passage that came furthest, the one that resisted most, whether the
/// session stayed on one thing, whether basics got their share; each rendering puts them into
/// its own words.
public enum SessionHighlight: Hashable, Sendable {
    /// A passage whose tempo rose over its takes, its last take clean: `from` and `to` are the
    /// tempos of its first and last takes with a tempo.
    case tempoGain(PassageMetrics, from: Double, to: Double)
    /// A passage of two or more takes whose cleanliness is known (judged, or abandoned) with none clean.
    case noCleanTake(PassageMetrics)
    /// A passage whose first clean take was take `take` (3 or later).
    case lateFirstClean(PassageMetrics, take: Int)
    /// The session stayed on one material for this long.
    case focused(FocusMetrics.Stretch)
    /// The session jumped between materials (``FocusMetrics/style`` "scattered").
    case scattered(FocusMetrics)
    /// Playing without any technique.
    case noTechnique
    /// The time on technique and its share of the playing time.
    case basics(TimeMetrics)

    /// How a highlight reads: encouraging, informative, or a warning.
    public enum Tone: Hashable, Sendable {
        case good, neutral, warning
    }

    /// A share of technique below this (10 % of the playing time) is a warning.
    public static let basicsShareTarget = 0.1
    /// A first clean take this late (or later) is worth saying.
    public static let lateFirstCleanTake = 3
    /// At most this many highlights.
    public static let maximumCount = 5

    public var tone: Tone {
        switch self {
        case .tempoGain, .focused: .good
        case .lateFirstClean: .neutral
        case .noCleanTake, .scattered, .noTechnique: .warning
        case .basics(let time): time.basicsShare >= Self.basicsShareTarget ? .neutral : .warning
        }
    }

    /// A take as the highlights need it.
    public struct Take: Hashable, Sendable {
        /// ``PassageMetrics/id`` of its passage.
        public var passage: String
        /// Seconds from the session start.
        public var start: Double
        /// See ``TakeMetrics/tempo``.
        public var tempo: Double?
        public var clean: Bool?

        public init(passage: String, start: Double, tempo: Double?, clean: Bool?) {
            self.passage = passage
            self.start = start
            self.tempo = tempo
            self.clean = clean
        }
    }

    /// Up to ``maximumCount`` highlights, most telling first: the passage that came furthest,
    /// the one that resisted most, the session's focus, its basics. O(takes log takes).
    public static func highlights(
        passages allPassages: [PassageMetrics],
        takes allTakes: [Take],
        focus: FocusMetrics?,
        time: TimeMetrics?
    ) -> [SessionHighlight] {
        var result: [SessionHighlight] = []
        let passages = allPassages.filter { $0.kind == .repertoire }
        // The passage that came furthest: clean in the end, with the largest tempo gain.
        let takesByPassage = Dictionary(grouping: allTakes, by: \.passage)
        let progressed = passages.compactMap { passage -> (PassageMetrics, Double, Double)? in
            // Only a passage whose last take was clean: speed bought with wrong notes is no progress.
            let takes = (takesByPassage[passage.id] ?? []).sorted { $0.start < $1.start }.filter { $0.tempo != nil }
            guard let first = takes.first?.tempo, let last = takes.last, last.clean == true, let lastTempo = last.tempo,
                takes.count >= 2
            else { return nil }
            return (passage, first, lastTempo)
        }.max { ($0.2 - $0.1, $1.0.id) < ($1.2 - $1.1, $0.0.id) }
        if let (passage, first, last) = progressed, last > first {
            result.append(.tempoGain(passage, from: first, to: last))
        }
        // The passage that resisted most: no clean take, or the most takes before the first —
        // among takes whose cleanliness is known, never built on takes that were not judged.
        let stubborn = passages.filter { $0.takes.judged >= 2 && $0.id != progressed?.0.id }
            .max { ($0.takesToFirstClean ?? 1000, $0.takes.count) < ($1.takesToFirstClean ?? 1000, $1.takes.count) }
        if let passage = stubborn {
            if passage.takesToFirstClean == nil {
                result.append(.noCleanTake(passage))
            } else if let first = passage.takesToFirstClean, first >= lateFirstCleanTake {
                result.append(.lateFirstClean(passage, take: first))
            }
        }
        if let focus {
            if let stretch = focus.longestStretch, focus.style == "focused" || focus.contextSwitches <= 2 {
                result.append(.focused(stretch))
            } else if focus.style == "scattered" {
                result.append(.scattered(focus))
            }
        }
        if let time, time.active > 0 {
            result.append(time.technique == 0 ? .noTechnique : .basics(time))
        }
        return Array(result.prefix(maximumCount))
    }
}
