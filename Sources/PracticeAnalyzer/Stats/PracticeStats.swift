public import PracticeSegmenter

/// Trends over many sessions (`woodshed stats`): minutes per day, the streak, the share of
/// basics, and how each material known to the library progresses — the `woodshed.stats.v1`
/// document. Built from what each session's analysis found (``SessionOutcome``, read from
/// stored reports), so it is cheap for a year of practice.
public struct PracticeStats: Codable, Hashable, Sendable {
    public static let schemaName = "woodshed.stats.v1"

    public var schema = Self.schemaName
    /// First and last day of the period (local dates of the sessions), "yyyy-MM-dd".
    public var from: String
    public var to: String
    public var days: [Day]
    public var streak: Streak
    public var totals: Totals
    /// Day of the last session with at least a minute of technique; nil when none in the period.
    public var lastBasics: String?
    /// Days from `lastBasics` to `to`.
    public var daysSinceBasics: Int?
    public var materials: [MaterialTrend]

    public struct Day: Codable, Hashable, Sendable {
        public var date: String
        /// Minutes of playing (active time).
        public var minutes: Double
        public var sessions: Int
    }

    public struct Streak: Codable, Hashable, Sendable {
        /// Consecutive days with at least a minute of playing, up to `to` (or the day before,
        /// when nothing has been played yet on `to`).
        public var current: Int
        /// The longest such run in the period.
        public var longest: Int
    }

    public struct Totals: Codable, Hashable, Sendable {
        public var sessions: Int
        /// Seconds of playing.
        public var playing: Double
        /// Seconds of technique.
        public var technique: Double
        /// technique ÷ playing.
        public var basicsShare: Double
        public var takes: Int
        public var cleanTakes: Int
        /// Takes whose cleanliness is known (see ``TakeTotals/judged``).
        public var judgedTakes: Int
        /// cleanTakes ÷ judgedTakes.
        public var cleanRatio: Double
        public var contextSwitches: Int
    }

    /// One library material over the period: a point per session that worked on it.
    public struct MaterialTrend: Codable, Hashable, Sendable {
        public var libraryID: Int64
        public var name: String
        public var kind: StepKind
        public var sessions: Int
        /// Seconds.
        public var time: Double
        public var takes: Int
        public var cleanTakes: Int
        /// Takes whose cleanliness is known (see ``TakeTotals/judged``).
        public var judgedTakes: Int
        public var points: [Point]

        public struct Point: Codable, Hashable, Sendable {
            public var date: String
            public var takes: Int
            public var cleanTakes: Int
            /// Mean takes to the first clean take over its passages that got one.
            public var takesToFirstClean: Double?
            /// Material positions per second of its fastest clean take.
            public var bestPace: Double?
        }
    }

    /// - Parameters:
    ///   - sessions: each session's outcome, in any order.
    ///   - from, to: the period, inclusive.
    /// - Complexity: O(days + sessions · materials).
    public init(sessions: [SessionOutcome], from: CivilDate, to: CivilDate) {
        self.from = from.description
        self.to = to.description
        let inPeriod = sessions.filter { $0.date >= from && $0.date <= to }.sorted { $0.date < $1.date }
        var seconds: [Int: Double] = [:]
        var counts: [Int: Int] = [:]
        for session in inPeriod {
            seconds[session.date.day, default: 0] += session.playing
            counts[session.date.day, default: 0] += 1
        }
        days = (from.day...max(from.day, to.day)).map { day in
            Day(
                date: CivilDate(day: day).description,
                minutes: ((seconds[day] ?? 0) / 6).rounded() / 10,
                sessions: counts[day] ?? 0
            )
        }
        let practised = days.map { $0.minutes >= 1 }
        var run = 0
        var longest = 0
        for value in practised {
            run = value ? run + 1 : 0
            longest = max(longest, run)
        }
        var current = 0
        var index = practised.count - 1
        if index >= 0 && !practised[index] { index -= 1 }
        while index >= 0 && practised[index] {
            current += 1
            index -= 1
        }
        streak = Streak(current: current, longest: longest)

        let playing = inPeriod.reduce(0.0) { $0 + $1.playing }
        let technique = inPeriod.reduce(0.0) { $0 + ($1.technique ?? 0) }
        let takes = inPeriod.reduce(0) { $0 + $1.takes }
        let clean = inPeriod.reduce(0) { $0 + ($1.takeTotals?.clean ?? 0) }
        let judged = inPeriod.reduce(0) { $0 + ($1.takeTotals?.judged ?? 0) }
        totals = Totals(
            sessions: inPeriod.count,
            playing: (playing * 1000).rounded() / 1000,
            technique: (technique * 1000).rounded() / 1000,
            basicsShare: playing > 0 ? technique / playing : 0,
            takes: takes,
            cleanTakes: clean,
            judgedTakes: judged,
            cleanRatio: judged > 0 ? Double(clean) / Double(judged) : 0,
            contextSwitches: inPeriod.reduce(0) { $0 + $1.contextSwitches }
        )
        let basics = inPeriod.last { ($0.technique ?? 0) >= 60 }
        lastBasics = basics?.date.description
        daysSinceBasics = basics.map { to.day - $0.date.day }
        materials = Self.trends(inPeriod)
    }

    /// Materials with a library id, most practised first.
    static func trends(_ sessions: [SessionOutcome]) -> [MaterialTrend] {
        var trends: [Int64: MaterialTrend] = [:]
        for session in sessions {
            for material in session.materials {
                guard let libraryID = material.libraryID, material.kind != .rest else { continue }
                let firsts = material.takesToFirstClean
                let point = MaterialTrend.Point(
                    date: session.date.description,
                    takes: material.takes?.count ?? 0,
                    cleanTakes: material.takes?.clean ?? 0,
                    takesToFirstClean: firsts.isEmpty ? nil : Double(firsts.reduce(0, +)) / Double(firsts.count),
                    bestPace: material.bestPace
                )
                var trend =
                    trends[libraryID]
                    ?? MaterialTrend(
                        libraryID: libraryID,
                        name: material.name,
                        kind: material.kind,
                        sessions: 0,
                        time: 0,
                        takes: 0,
                        cleanTakes: 0,
                        judgedTakes: 0,
                        points: []
                    )
                trend.name = material.name
                trend.sessions += 1
                trend.time += material.time ?? 0
                trend.takes += point.takes
                trend.cleanTakes += point.cleanTakes
                trend.judgedTakes += material.takes?.judged ?? 0
                trend.points.append(point)
                trends[libraryID] = trend
            }
        }
        return trends.values.sorted { ($0.time, $1.libraryID) > ($1.time, $0.libraryID) }
    }
}
