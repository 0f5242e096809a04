public import Foundation
import GRDB

/// Who put a tag on a session.
public enum TagOrigin: String, Codable, Sendable {
    /// Derived by analysis; replaced when the session is analysed again.
    case auto
    /// Added by hand (`woodshed tag`); analysis never removes it.
    case user
    /// An automatic tag removed by hand (`woodshed tag ID -name`): hidden everywhere, and
    /// analysis does not bring it back.
    case removed
}

/// A stored analysis: the report document and the analyzer version that produced it.
public struct StoredAnalysis: Sendable {
    public var analyzerVersion: Int
    /// Unix-epoch nanoseconds.
    public var analyzedAtNs: Int64
    /// The report document (JSON, schema `woodshed.report.v1`).
    public var report: Data
}

extension Library {
    /// Adds a tag (no-op when present; a user tag is never downgraded to auto, and an
    /// automatic tag removed by hand is not added back automatically). A user tag that differs
    /// from an existing one only in case is the existing one.
    public func addTag(_ name: String, to session: Int64, origin: TagOrigin = .user) throws {
        try write { db in
            try Self.requireSession(db, session)
            let existing = try Self.tag(db, name, session: session)
            if origin == .auto, existing?.origin == .removed { return }
            guard existing?.origin != .user, existing?.origin != origin else { return }
            if let existing { try existing.delete(db) }
            try TagRecord(sessionId: session, name: existing?.name ?? name, origin: origin).insert(db)
        }
    }

    /// Removes a tag, whoever added it, matching its name without regard to case. An automatic
    /// tag is remembered as removed, so analysing the session again does not bring it back.
    /// - Returns: whether it was there.
    @discardableResult
    public func removeTag(_ name: String, from session: Int64) throws -> Bool {
        try write { db in
            try Self.requireSession(db, session)
            guard let existing = try Self.tag(db, name, session: session), existing.origin != .removed else {
                return false
            }
            try existing.delete(db)
            if existing.origin == .auto {
                try TagRecord(sessionId: session, name: existing.name, origin: .removed).insert(db)
            }
            return true
        }
    }

    /// The session's tag called `name` in any case (the exact spelling first).
    static func tag(_ db: Database, _ name: String, session: Int64) throws -> TagRecord? {
        if let exact = try TagRecord.fetchOne(db, key: ["sessionId": session, "name": name]) { return exact }
        return try TagRecord.filter(TagRecord.Columns.sessionId == session).fetchAll(db)
            .first { $0.name.compare(name, options: .caseInsensitive) == .orderedSame }
    }

    /// Replaces the automatic tags of a session; user tags stay, and tags removed by hand stay
    /// removed.
    public func setAutomaticTags(_ names: some Sequence<String>, for session: Int64) throws {
        try write { db in
            try Self.requireSession(db, session)
            try TagRecord.filter(
                TagRecord.Columns.sessionId == session && TagRecord.Columns.origin == TagOrigin.auto.rawValue
            )
            .deleteAll(db)
            for name in Set(names) {
                try TagRecord(sessionId: session, name: name, origin: .auto).insert(db, onConflict: .ignore)
            }
        }
    }

    /// Tags of a session with their origin, sorted by name; tags removed by hand only when
    /// `includingRemoved` (with origin ``TagOrigin/removed``).
    public func tags(session: Int64, includingRemoved: Bool = false) throws -> [(name: String, origin: TagOrigin)] {
        try read { db in
            try TagRecord.filter(TagRecord.Columns.sessionId == session).order(TagRecord.Columns.name).fetchAll(db)
                .filter { includingRemoved || $0.origin != .removed }
                .map { ($0.name, $0.origin) }
        }
    }

    /// Stores (replacing) the analysis of a session, and in the same transaction its
    /// ``AnalysisSummary`` (nil: none, and the summary of the analysis it replaces is gone).
    public func storeAnalysis(
        _ report: Data,
        analyzerVersion: Int,
        summary: AnalysisSummary? = nil,
        for session: Int64,
        at now: Date = Date()
    ) throws {
        try write { db in
            try Self.requireSession(db, session)
            let analyzedAtNs = Int64(now.timeIntervalSince1970 * 1e9)
            try AnalysisRecord(
                sessionId: session,
                analyzerVersion: analyzerVersion,
                analyzedAtNs: analyzedAtNs,
                report: report
            )
            .insert(db, onConflict: .replace)
            try Self.replaceSummary(db, summary, session: session, analyzedAtNs: analyzedAtNs)
        }
    }

    /// The stored analysis of a session, if any.
    public func analysis(session: Int64) throws -> StoredAnalysis? {
        try read { db in try AnalysisRecord.fetchOne(db, key: session)?.stored }
    }

    static func requireSession(_ db: Database, _ id: Int64) throws {
        guard try SessionRecord.exists(db, key: id) else { throw LibraryError.noSuchSession(id) }
    }
}
