public import PracticeAnalyzer
import PracticeReports
public import SessionStore

/// One piece across the library, for `woodshed pieces show` and the web journal: its sessions
/// with dates and minutes, minutes per week, when it was last practised, and its passages with
/// takes, clean takes and tempo across sessions. Read from the sessions' current reports
/// (``ReportCache``: sessions not analysed by this version are analysed first).
public struct PieceOverview: Sendable {
    public var piece: StoredMaterial

    /// One session that practised the piece.
    public struct SessionLine: Sendable {
        public var session: SessionInfo
        /// Its local day.
        public var day: CivilDate
        /// Seconds in steps on the piece.
        public var time: Double
        public var takes: Int
        public var clean: Int
        /// Takes whose notes were judged.
        public var judged: Int
        /// Material positions per second of its fastest clean take (comparable across sessions).
        public var bestPace: Double?
    }

    /// Oldest first.
    public var sessions: [SessionLine]

    /// Minutes on the piece per week (weeks start on Monday), oldest first; weeks without it
    /// are left out.
    public var weeks: [(monday: CivilDate, minutes: Double)]

    /// One passage, by its name in the piece, over every session that played it.
    public struct PassageLine: Sendable {
        /// "bars 21–24", "from the opening", "from 1:12 of the piece".
        public var label: String
        /// Sessions that played it, oldest first.
        public var sessions: [Int64]
        public var takes: Int
        public var clean: Int
        /// Takes whose notes were judged (clean or not).
        public var judged: Int
        /// The tempo of each take relative to its session's fastest clean take, in order.
        public var tempos: [Double]
        /// The passage in each session that played it, oldest first: what a chart across
        /// sessions draws.
        public var points: [PassagePoint]
    }

    /// One passage in one session.
    public struct PassagePoint: Sendable {
        public var sessionID: Int64
        public var day: CivilDate
        public var takes: Int
        public var clean: Int
        /// Takes whose notes were judged (clean or not).
        public var judged: Int
        /// Material positions per second of its fastest clean take with both hands, the rule
        /// of a report's `bestPace`; nil without one.
        public var bestPace: Double?
        /// That take's tempo in quarter notes per minute, when the piece's score marks a tempo.
        public var bestBPM: Double?
    }

    /// Passages in the order of their first session, each in the order it lies in the piece.
    public var passages: [PassageLine]

    /// The session that practised it last.
    public var lastPractised: SessionInfo? { sessions.last?.session }

    /// Seconds on the piece over all its sessions.
    public var totalTime: Double { sessions.reduce(0) { $0 + $1.time } }

    /// The overview of piece `id`. O(its sessions' reports).
    /// - Throws: ``UserError`` when `id` is not a piece of its own; ``LibraryError``.
    public static func load(_ id: Int64, in library: Library) throws -> PieceOverview {
        let piece = try PieceManagement.material(id, in: library)
        let ids = try library.sessionIDs(material: id)
        let reports = Dictionary(
            try ReportCache.currentReports(sessionIDs: ids, in: library).map { ($0.sessionID, $0.report) },
            uniquingKeysWith: { first, _ in first }
        )
        var lines: [SessionLine] = []
        var passages: [PassageLine] = []
        var passageIndex: [String: Int] = [:]
        var weekly: [CivilDate: Double] = [:]
        for sessionID in ids {
            guard let report = reports[sessionID] else { continue }
            let session = try library.session(sessionID)
            let day = PracticeTrends.day(session)
            let mine = report.materials.filter { $0.libraryID == id }
            let time = mine.reduce(0) { $0 + ($1.time ?? 0) }
            lines.append(
                SessionLine(
                    session: session,
                    day: day,
                    time: time,
                    takes: mine.reduce(0) { $0 + ($1.takes?.count ?? 0) },
                    clean: mine.reduce(0) { $0 + ($1.takes?.clean ?? 0) },
                    judged: mine.reduce(0) { $0 + ($1.takes?.judged ?? 0) },
                    bestPace: mine.compactMap(\.bestPace).max()
                )
            )
            weekly[monday(of: day), default: 0] += time / 60
            let materialIDs = Set(mine.map(\.id))
            for (passage, label) in report.placedPassages() where materialIDs.contains(passage.material) {
                let played = report.allTakes.map(\.take).filter { $0.passage == passage.id }
                let tempos = played.compactMap(\.tempo)
                let marked = report.materials.first { $0.id == passage.material }?.markedTempo
                let fastest = played.filter {
                    $0.clean == true && $0.hand == nil && $0.end > $0.start && $0.to > $0.from
                }
                .max { ($0.to - $0.from) / ($0.end - $0.start) < ($1.to - $1.from) / ($1.end - $1.start) }
                let point = PassagePoint(
                    sessionID: sessionID,
                    day: day,
                    takes: passage.takes.count,
                    clean: passage.takes.clean,
                    judged: passage.takes.judged,
                    bestPace: fastest.map { (($0.to - $0.from) / ($0.end - $0.start) * 1000).rounded() / 1000 },
                    bestBPM: fastest.flatMap { take in take.scoreTempo.flatMap { tempo in marked.map { tempo * $0 } } }
                )
                if let index = passageIndex[label] {
                    if passages[index].sessions.last != sessionID { passages[index].sessions.append(sessionID) }
                    passages[index].takes += passage.takes.count
                    passages[index].clean += passage.takes.clean
                    passages[index].judged += passage.takes.judged
                    passages[index].tempos += tempos
                    if var last = passages[index].points.last, last.sessionID == sessionID {
                        // The same passage twice in a session (two places with one label): one point.
                        last.takes += point.takes
                        last.clean += point.clean
                        last.judged += point.judged
                        if (point.bestPace ?? 0) > (last.bestPace ?? 0) {
                            (last.bestPace, last.bestBPM) = (point.bestPace, point.bestBPM)
                        }
                        passages[index].points[passages[index].points.count - 1] = last
                    } else {
                        passages[index].points.append(point)
                    }
                } else {
                    passageIndex[label] = passages.count
                    passages.append(
                        PassageLine(
                            label: label,
                            sessions: [sessionID],
                            takes: passage.takes.count,
                            clean: passage.takes.clean,
                            judged: passage.takes.judged,
                            tempos: tempos,
                            points: [point]
                        )
                    )
                }
            }
        }
        lines.sort { ($0.session.startNs, $0.session.id) < ($1.session.startNs, $1.session.id) }
        return PieceOverview(
            piece: piece,
            sessions: lines,
            weeks: weekly.filter { $0.value > 0 }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) },
            passages: passages
        )
    }

    /// The Monday of `day`'s week.
    static func monday(of day: CivilDate) -> CivilDate {
        day + -day.weekday
    }
}
