public import Foundation
import GRDB

/// Who put a tag on a session.
public enum TagOrigin: String, Codable, Sendable {
    /// Derived by analysis; replaced when the session is analysed again.
    case auto
    /// Added by hand (`woodshed tag`); analysis never removes it.
    case user
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
    /// Adds a tag (no-op when present; a user tag is never downgraded to auto).
    public func addTag(_ name: String, to session: Int64, origin: TagOrigin = .user) throws {
        try write { db in
            try Self.requireSession(db, session)
            let existing = try TagRecord.fetchOne(db, key: ["sessionId": session, "name": name])
            guard existing?.origin != .user, existing?.origin != origin else { return }
            try TagRecord(sessionId: session, name: name, origin: origin).insert(db, onConflict: .replace)
        }
    }

    /// Removes a tag, whoever added it. - Returns: whether it was there.
    @discardableResult
    public func removeTag(_ name: String, from session: Int64) throws -> Bool {
        try write { db in
            try Self.requireSession(db, session)
            return try TagRecord.deleteOne(db, key: ["sessionId": session, "name": name])
        }
    }

    /// Replaces the automatic tags of a session; user tags stay.
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

    /// Tags of a session with their origin, sorted by name.
    public func tags(session: Int64) throws -> [(name: String, origin: TagOrigin)] {
        try read { db in
            try TagRecord.filter(TagRecord.Columns.sessionId == session).order(TagRecord.Columns.name).fetchAll(db)
                .map { ($0.name, $0.origin) }
        }
    }

    /// Stores (replacing) the analysis of a session.
    public func storeAnalysis(_ report: Data, analyzerVersion: Int, for session: Int64, at now: Date = Date()) throws {
        try write { db in
            try Self.requireSession(db, session)
            try AnalysisRecord(
                sessionId: session,
                analyzerVersion: analyzerVersion,
                analyzedAtNs: Int64(now.timeIntervalSince1970 * 1e9),
                report: report
            )
            .insert(db, onConflict: .replace)
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
