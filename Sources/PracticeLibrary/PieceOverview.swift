public import PracticeAnalyzer
import PracticeReports
public import SessionStore

/// One piece across the library, for `woodshed pieces show` and the web journal: its sessions
/// with dates and minutes, minutes per week, when it was last practised, and its passages with
/// takes, clean takes and tempo across sessions. Read from the summaries stored with the
/// sessions' analyses (``AnalysisSummary``), or from their current reports where there are none.
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

    /// The overview of piece `id`, from the summaries stored with its sessions' analyses
    /// (``Library/pieceSummaries(piece:analyzerVersion:)``: one read of small rows, no report
    /// decoded). A session without a current summary is summarised from its current report
    /// (``ReportCache``: analysed first when it is not current); when the library is open to
    /// write, that summary is stored (``AnalysisSummaries/fill(sessionIDs:in:progress:)``).
    /// O(its sessions' summary rows), plus O(report) for each session without a summary.
    /// - Throws: ``UserError`` when `id` is not a piece of its own; ``LibraryError``.
    public static func load(_ id: Int64, in library: Library) throws -> PieceOverview {
        let piece = try PieceManagement.material(id, in: library)
        let stored = try library.pieceSummaries(piece: id, analyzerVersion: SessionAnalysis.version)
        var summaries = stored.summaries
        var missing = stored.sessions.map(\.id).filter { summaries[$0] == nil }
        if !missing.isEmpty {
            summaries.merge(try AnalysisSummaries.fill(sessionIDs: missing, in: library)) { kept, _ in kept }
            missing = missing.filter { summaries[$0] == nil }
            // Reports as shown name the piece by its id of now (merges followed).
            for (sessionID, report) in try ReportCache.currentReports(sessionIDs: missing, in: library) {
                summaries[sessionID] = AnalysisSummary(report)
            }
        }
        return PieceOverview(
            piece: piece,
            sessions: stored.sessions,
            summaries: summaries,
            standingFor: stored.materialIDs.union([id])
        )
    }

    /// The Monday of `day`'s week.
    static func monday(of day: CivilDate) -> CivilDate {
        day + -day.weekday
    }
}

extension PieceOverview {
    /// The overview from each session's summary (sessions without one are left out); `ids`:
    /// the library ids that stand for the piece (its own and those merged into it).
    init(
        piece: StoredMaterial,
        sessions: [SessionInfo],
        summaries: [Int64: AnalysisSummary],
        standingFor ids: Set<Int64>
    ) {
        var lines: [SessionLine] = []
        var passages: [PassageLine] = []
        var passageIndex: [String: Int] = [:]
        var weekly: [CivilDate: Double] = [:]
        for session in sessions {
            guard let summary = summaries[session.id] else { continue }
            let sessionID = session.id
            let day = PracticeTrends.day(session)
            let mine = summary.pieces.filter { ids.contains($0.materialID) }
            let time = mine.reduce(0) { $0 + $1.seconds }
            lines.append(
                SessionLine(
                    session: session,
                    day: day,
                    time: time,
                    takes: mine.reduce(0) { $0 + $1.takes },
                    clean: mine.reduce(0) { $0 + $1.clean },
                    judged: mine.reduce(0) { $0 + $1.judged },
                    bestPace: mine.compactMap(\.bestPace).max()
                )
            )
            weekly[Self.monday(of: day), default: 0] += time / 60
            for passage in summary.passages where ids.contains(passage.materialID) {
                let label = passage.label
                let point = PassagePoint(
                    sessionID: sessionID,
                    day: day,
                    takes: passage.takes,
                    clean: passage.clean,
                    judged: passage.judged,
                    bestPace: passage.bestPace,
                    bestBPM: passage.bestBPM
                )
                if let index = passageIndex[label] {
                    if passages[index].sessions.last != sessionID { passages[index].sessions.append(sessionID) }
                    passages[index].takes += passage.takes
                    passages[index].clean += passage.clean
                    passages[index].judged += passage.judged
                    passages[index].tempos += passage.tempos
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
                            takes: passage.takes,
                            clean: passage.clean,
                            judged: passage.judged,
                            tempos: passage.tempos,
                            points: [point]
                        )
                    )
                }
            }
        }
        lines.sort { ($0.session.startNs, $0.session.id) < ($1.session.startNs, $1.session.id) }
        self.init(
            piece: piece,
            sessions: lines,
            weeks: weekly.filter { $0.value > 0 }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) },
            passages: passages
        )
    }
}
