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
            try db.execute(
                sql: """
                    INSERT INTO tag (sessionId, name, origin) VALUES (?, ?, ?)
                    ON CONFLICT(sessionId, name) DO UPDATE SET origin = CASE WHEN origin = 'user' THEN 'user' ELSE excluded.origin END
                    """,
                arguments: [session, name, origin.rawValue]
            )
        }
    }

    /// Removes a tag, whoever added it. - Returns: whether it was there.
    @discardableResult
    public func removeTag(_ name: String, from session: Int64) throws -> Bool {
        try write { db in
            try Self.requireSession(db, session)
            try db.execute(sql: "DELETE FROM tag WHERE sessionId = ? AND name = ?", arguments: [session, name])
            return db.changesCount > 0
        }
    }

    /// Replaces the automatic tags of a session; user tags stay.
    public func setAutomaticTags(_ names: some Sequence<String>, for session: Int64) throws {
        try write { db in
            try Self.requireSession(db, session)
            try db.execute(sql: "DELETE FROM tag WHERE sessionId = ? AND origin = 'auto'", arguments: [session])
            for name in Set(names) {
                try db.execute(
                    sql: "INSERT OR IGNORE INTO tag (sessionId, name, origin) VALUES (?, ?, 'auto')",
                    arguments: [session, name]
                )
            }
        }
    }

    /// Tags of a session with their origin, sorted by name.
    public func tags(session: Int64) throws -> [(name: String, origin: TagOrigin)] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT name, origin FROM tag WHERE sessionId = ? ORDER BY name",
                arguments: [session]
            )
            .map { ($0["name"], TagOrigin(rawValue: $0["origin"]) ?? .user) }
        }
    }

    /// Stores (replacing) the analysis of a session.
    public func storeAnalysis(_ report: Data, analyzerVersion: Int, for session: Int64, at now: Date = Date()) throws {
        try write { db in
            try Self.requireSession(db, session)
            try db.execute(
                sql:
                    "INSERT OR REPLACE INTO analysis (sessionId, analyzerVersion, analyzedAtNs, report) VALUES (?, ?, ?, ?)",
                arguments: [session, analyzerVersion, Int64(now.timeIntervalSince1970 * 1e9), report]
            )
        }
    }

    /// The stored analysis of a session, if any.
    public func analysis(session: Int64) throws -> StoredAnalysis? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM analysis WHERE sessionId = ?", arguments: [session]).map {
                StoredAnalysis(
                    analyzerVersion: $0["analyzerVersion"],
                    analyzedAtNs: $0["analyzedAtNs"],
                    report: $0["report"]
                )
            }
        }
    }

    static func requireSession(_ db: Database, _ id: Int64) throws {
        guard try Bool.fetchOne(db, sql: "SELECT 1 FROM session WHERE id = ?", arguments: [id]) != nil else {
            throw LibraryError.noSuchSession(id)
        }
    }
}
