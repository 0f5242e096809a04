public import Foundation
import GRDB

/// A session whose analysis did not finish: the reason, or nil when the process analysing it
/// stopped before it could say (a crash, a kill).
public struct AnalysisFailure: Sendable, Hashable {
    /// The session.
    public var sessionID: Int64
    /// Why, in one line; nil when the analysing process ended without finishing.
    public var reason: String?

    /// One line for lists: the reason, or that the analysis stopped without finishing.
    public var description: String { reason ?? "its analysis stopped without finishing" }
}

/// A row of `analysisFailure`: written before a session is analysed, deleted when the analysis
/// is stored, so a row whose process is gone marks a session that crashed its analysis.
struct AnalysisFailureRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "analysisFailure"

    var sessionId: Int64
    /// Unix-epoch nanoseconds of the attempt.
    var attemptedAtNs: Int64
    /// The analysing process.
    var pid: Int64
    /// Why it failed; NULL while in progress (or when the process died).
    var reason: String?
}

extension Library {
    /// Marks `session` as being analysed by process `pid` (this one). Call
    /// ``endAnalysis(session:)`` when it is stored, ``failAnalysis(session:reason:)`` when it
    /// throws; a mark left behind by a process that died names the session in
    /// ``failedAnalyses()``.
    public func beginAnalysis(session: Int64, pid: Int32 = getpid(), at now: Date = Date()) throws {
        try write { db in
            try Self.requireSession(db, session)
            try AnalysisFailureRecord(
                sessionId: session,
                attemptedAtNs: Int64(now.timeIntervalSince1970 * 1e9),
                pid: Int64(pid),
                reason: nil
            )
            .insert(db, onConflict: .replace)
        }
    }

    /// The analysis of `session` finished: the mark goes.
    public func endAnalysis(session: Int64) throws {
        _ = try write { db in try AnalysisFailureRecord.deleteOne(db, key: session) }
    }

    /// The analysis of `session` failed with `reason` (one line).
    public func failAnalysis(session: Int64, reason: String) throws {
        try write { db in
            try Self.requireSession(db, session)
            try AnalysisFailureRecord(
                sessionId: session,
                attemptedAtNs: Int64(Date().timeIntervalSince1970 * 1e9),
                pid: Int64(getpid()),
                reason: reason
            )
            .insert(db, onConflict: .replace)
        }
    }

    /// Sessions whose last analysis failed or stopped without finishing (its process is gone),
    /// by session id. Analyses in progress in a live process are not failures. O(marks).
    public func failedAnalyses() throws -> [Int64: AnalysisFailure] {
        // A library opened read-only before its migration to v6 has no marks.
        let records = try read { db in
            try db.tableExists(AnalysisFailureRecord.databaseTableName) ? try AnalysisFailureRecord.fetchAll(db) : []
        }
        var failures: [Int64: AnalysisFailure] = [:]
        for record in records {
            let alive = record.pid == Int64(getpid()) || (kill(pid_t(record.pid), 0) == 0 || errno == EPERM)
            if record.reason != nil || !alive {
                failures[record.sessionId] = AnalysisFailure(sessionID: record.sessionId, reason: record.reason)
            }
        }
        return failures
    }
}
