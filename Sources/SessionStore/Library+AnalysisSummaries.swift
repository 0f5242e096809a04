public import Foundation
import GRDB

/// What one session's report says about the pieces it practised and their passages: the few
/// numbers a piece's history shows, kept beside the report (migration v8) so that showing a
/// piece reads rows instead of decoding each of its sessions' reports. The store does not
/// derive them: PracticeLibrary does, from the report, when it stores the analysis.
public struct AnalysisSummary: Sendable, Hashable {
    /// One piece of the report that the library knows.
    public struct Piece: Sendable, Hashable {
        /// The library id the report gave it. A piece merged into another since keeps its own
        /// id here; ``Library/pieceSummaries(piece:analyzerVersion:)`` follows the merge.
        public var materialID: Int64
        /// Seconds in steps on the piece.
        public var seconds: Double
        public var takes: Int
        public var clean: Int
        /// Takes whose notes were judged (clean or not).
        public var judged: Int
        /// Material positions per second of its fastest clean take.
        public var bestPace: Double?

        public init(materialID: Int64, seconds: Double, takes: Int, clean: Int, judged: Int, bestPace: Double?) {
            (self.materialID, self.seconds, self.takes) = (materialID, seconds, takes)
            (self.clean, self.judged, self.bestPace) = (clean, judged, bestPace)
        }
    }

    /// One passage of a piece the library knows.
    public struct Passage: Sendable, Hashable {
        /// The library id of its piece, as in ``Piece/materialID``.
        public var materialID: Int64
        /// Its name in the piece: "bars 21–24", "from the opening".
        public var label: String
        public var takes: Int
        public var clean: Int
        /// Takes whose notes were judged (clean or not).
        public var judged: Int
        /// Each take's tempo against the session's fastest clean take, in order.
        public var tempos: [Double]
        /// Material positions per second of its fastest clean take with both hands.
        public var bestPace: Double?
        /// That take's tempo in quarter notes per minute, when the piece's score marks one.
        public var bestBPM: Double?

        public init(
            materialID: Int64,
            label: String,
            takes: Int,
            clean: Int,
            judged: Int,
            tempos: [Double],
            bestPace: Double?,
            bestBPM: Double?
        ) {
            (self.materialID, self.label, self.takes, self.clean) = (materialID, label, takes, clean)
            (self.judged, self.tempos, self.bestPace, self.bestBPM) = (judged, tempos, bestPace, bestBPM)
        }
    }

    /// In the report's order of pieces.
    public var pieces: [Piece]
    /// In the report's order of passages (piece by piece, each by its place in the piece).
    public var passages: [Passage]

    public init(pieces: [Piece] = [], passages: [Passage] = []) {
        self.pieces = pieces
        self.passages = passages
    }
}

/// The stored summaries of one piece's sessions (``Library/pieceSummaries(piece:analyzerVersion:)``).
public struct PieceSummaries: Sendable {
    /// Every session linked to the piece (its merged pieces' included), oldest first.
    public var sessions: [SessionInfo]
    /// The library ids that stand for the piece: its own and those merged into it.
    public var materialIDs: Set<Int64>
    /// Per session whose current analysis has a summary: its rows of those ids only. Sessions
    /// left out have none yet (analysed before summaries were kept, by another version, or
    /// never): their reports say what they did.
    public var summaries: [Int64: AnalysisSummary]
}

extension Library {
    /// The summaries of piece `piece`'s sessions whose stored analysis is by `analyzerVersion`
    /// and was summarised, with the sessions linked to the piece: one read of indexed rows,
    /// O(the piece's sessions and passages), no report decoded.
    public func pieceSummaries(piece: Int64, analyzerVersion: Int) throws -> PieceSummaries {
        try read { db in
            let linked = "SELECT sessionId FROM sessionMaterial WHERE materialId = ?"
            let records = try Row.fetchAll(
                db,
                sql: "SELECT \(SessionRecord.listedColumns) FROM session WHERE id IN (\(linked)) ORDER BY startNs, id",
                arguments: [piece]
            )
            .map(SessionRecord.init(listed:))
            let tags = try Self.tagNames(db, sessions: records.compactMap(\.id))
            let ids = Set(
                try Int64.fetchAll(
                    db,
                    sql: "SELECT id FROM material WHERE id = ?1 OR mergedInto = ?1",
                    arguments: [piece]
                )
            )
            var summaries: [Int64: AnalysisSummary] = [:]
            let current = try Int64.fetchAll(
                db,
                sql: """
                    SELECT s.sessionId FROM analysisSummary s JOIN analysis a ON a.sessionId = s.sessionId
                    WHERE a.analyzedAtNs = s.analyzedAtNs AND a.analyzerVersion = ? AND s.sessionId IN (\(linked))
                    """,
                arguments: [analyzerVersion, piece]
            )
            for session in current { summaries[session] = AnalysisSummary() }
            let standing = "SELECT id FROM material WHERE id = ?1 OR mergedInto = ?1"
            let pieces = try Row.fetchCursor(
                db,
                sql: """
                    SELECT sessionId, materialId, seconds, takes, clean, judged, bestPace FROM pieceSummary
                    WHERE materialId IN (\(standing)) ORDER BY sessionId, ordinal
                    """,
                arguments: [piece]
            )
            while let row = try pieces.next() {
                let session: Int64 = row[0]
                guard summaries[session] != nil else { continue }
                summaries[session]?.pieces.append(
                    AnalysisSummary.Piece(
                        materialID: row[1],
                        seconds: row[2],
                        takes: row[3],
                        clean: row[4],
                        judged: row[5],
                        bestPace: row[6]
                    )
                )
            }
            let passages = try Row.fetchCursor(
                db,
                sql: """
                    SELECT sessionId, materialId, label, takes, clean, judged, tempos, bestPace, bestBPM
                    FROM passageSummary WHERE materialId IN (\(standing)) ORDER BY sessionId, ordinal
                    """,
                arguments: [piece]
            )
            while let row = try passages.next() {
                let session: Int64 = row[0]
                guard summaries[session] != nil else { continue }
                let tempos: String = row[6]
                summaries[session]?.passages.append(
                    AnalysisSummary.Passage(
                        materialID: row[1],
                        label: row[2],
                        takes: row[3],
                        clean: row[4],
                        judged: row[5],
                        tempos: tempos.split(separator: ",").compactMap { Double($0) },
                        bestPace: row[7],
                        bestBPM: row[8]
                    )
                )
            }
            return PieceSummaries(
                sessions: records.map { $0.info(tags: tags[$0.id ?? 0] ?? []) },
                materialIDs: ids,
                summaries: summaries
            )
        }
    }

    /// Stores each summary for its session's analysis when that is still the one made at its
    /// `analyzedAtNs` (a summary derived from a report read earlier never lands on a newer
    /// analysis), all in one transaction: one commit (one fsync) for many sessions.
    /// - Returns: the sessions whose summary was stored.
    @discardableResult
    public func storeSummaries(
        _ summaries: [(session: Int64, analyzedAtNs: Int64, summary: AnalysisSummary)]
    ) throws -> Set<Int64> {
        try write { db in
            var stored: Set<Int64> = []
            let current = try db.cachedStatement(sql: "SELECT analyzedAtNs FROM analysis WHERE sessionId = ?")
            for (session, analyzedAtNs, summary) in summaries {
                guard try Int64.fetchOne(current, arguments: [session]) == analyzedAtNs else { continue }
                try Self.replaceSummary(db, summary, session: session, analyzedAtNs: analyzedAtNs)
                stored.insert(session)
            }
            return stored
        }
    }

    /// Sessions whose stored analysis is by `analyzerVersion` and has no summary of its own
    /// yet (a library from before summaries were kept), oldest id first.
    public func unsummarisedAnalyses(analyzerVersion: Int) throws -> [Int64] {
        try read { db in
            try Int64.fetchAll(
                db,
                sql: """
                    SELECT a.sessionId FROM analysis a LEFT JOIN analysisSummary s ON s.sessionId = a.sessionId
                    WHERE a.analyzerVersion = ? AND (s.analyzedAtNs IS NULL OR s.analyzedAtNs != a.analyzedAtNs)
                    ORDER BY a.sessionId
                    """,
                arguments: [analyzerVersion]
            )
        }
    }

    /// Replaces the session's summary rows (none when `summary` is nil) in the caller's
    /// transaction.
    static func replaceSummary(_ db: Database, _ summary: AnalysisSummary?, session: Int64, analyzedAtNs: Int64) throws
    {
        // Its piece and passage rows go with it (ON DELETE CASCADE).
        try db.execute(sql: "DELETE FROM analysisSummary WHERE sessionId = ?", arguments: [session])
        guard let summary else { return }
        try db.execute(
            sql: "INSERT INTO analysisSummary (sessionId, analyzedAtNs) VALUES (?, ?)",
            arguments: [session, analyzedAtNs]
        )
        let piece = try db.cachedStatement(
            sql: """
                INSERT INTO pieceSummary (sessionId, ordinal, materialId, seconds, takes, clean, judged, bestPace)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """
        )
        for (ordinal, row) in summary.pieces.enumerated() {
            try piece.execute(arguments: [
                session, ordinal, row.materialID, row.seconds, row.takes, row.clean, row.judged, row.bestPace,
            ])
        }
        let passage = try db.cachedStatement(
            sql: """
                INSERT INTO passageSummary
                  (sessionId, ordinal, materialId, label, takes, clean, judged, tempos, bestPace, bestBPM)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        )
        for (ordinal, row) in summary.passages.enumerated() {
            let tempos = row.tempos.map { "\($0)" }.joined(separator: ",")
            try passage.execute(arguments: [
                session, ordinal, row.materialID, row.label, row.takes, row.clean, row.judged, tempos,
                row.bestPace, row.bestBPM,
            ])
        }
    }
}
