public import Foundation
import GRDB

/// A material of the library: a piece or exercise, with the segmenter's fingerprint.
public struct StoredMaterial: Sendable, Hashable {
    public var id: Int64
    public var name: String
    public var kind: String
    public var isReference: Bool
    public var createdAtNs: Int64
    /// Opaque to the store: the segmenter's fingerprint as JSON.
    public var fingerprint: Data
    /// Sessions that practised it.
    public var sessionCount: Int
}

extension Library {
    /// Adds a material and returns its id.
    public func addMaterial(
        name: String,
        kind: String = "repertoire",
        isReference: Bool = false,
        fingerprint: Data,
        at now: Date = Date()
    ) throws -> Int64 {
        try write { db in
            try db.execute(
                sql: """
                    INSERT INTO material (name, kind, isReference, createdAtNs, fingerprint) VALUES (?, ?, ?, ?, ?)
                    """,
                arguments: [name, kind, isReference, Int64(now.timeIntervalSince1970 * 1e9), fingerprint]
            )
            return db.lastInsertedRowID
        }
    }

    /// Replaces a material's fingerprint (a piece practised further than before).
    public func updateMaterialFingerprint(_ id: Int64, fingerprint: Data) throws {
        try write { db in
            try db.execute(sql: "UPDATE material SET fingerprint = ? WHERE id = ?", arguments: [fingerprint, id])
            guard db.changesCount > 0 else { throw LibraryError.noSuchMaterial(id) }
        }
    }

    /// Names a material.
    public func renameMaterial(_ id: Int64, to name: String) throws {
        try write { db in
            try db.execute(sql: "UPDATE material SET name = ? WHERE id = ?", arguments: [name, id])
            guard db.changesCount > 0 else { throw LibraryError.noSuchMaterial(id) }
        }
    }

    /// Records that a session practised materials (replacing earlier links of that session).
    public func linkMaterials(_ materials: some Sequence<Int64>, to session: Int64) throws {
        try write { db in
            try Self.requireSession(db, session)
            try db.execute(sql: "DELETE FROM sessionMaterial WHERE sessionId = ?", arguments: [session])
            for material in Set(materials) {
                try db.execute(
                    sql: "INSERT INTO sessionMaterial (sessionId, materialId) VALUES (?, ?)",
                    arguments: [session, material]
                )
            }
        }
    }

    /// All materials, oldest first.
    public func materials() throws -> [StoredMaterial] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT material.*, (SELECT COUNT(*) FROM sessionMaterial WHERE materialId = material.id) AS sessions
                    FROM material ORDER BY id
                    """
            )
            .map {
                StoredMaterial(
                    id: $0["id"],
                    name: $0["name"],
                    kind: $0["kind"],
                    isReference: $0["isReference"],
                    createdAtNs: $0["createdAtNs"],
                    fingerprint: $0["fingerprint"],
                    sessionCount: $0["sessions"]
                )
            }
        }
    }
}

extension Library {
    /// When a material was first practised before `session`: the earliest start (Unix ns) of
    /// another session linked to it, or nil when no other session practised it — i.e. the
    /// material is new in `session`. Reference scores count as known from the start.
    public func materialKnownBefore(_ material: Int64, session: Int64) throws -> Bool {
        try read { db in
            let isReference = try Bool.fetchOne(
                db,
                sql: "SELECT isReference FROM material WHERE id = ?",
                arguments: [material]
            )
            if isReference == true { return true }
            let start =
                try Int64.fetchOne(db, sql: "SELECT startNs FROM session WHERE id = ?", arguments: [session]) ?? .max
            let earlier = try Int.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) FROM sessionMaterial JOIN session ON session.id = sessionMaterial.sessionId
                    WHERE materialId = ? AND sessionId != ? AND (session.startNs < ? OR (session.startNs = ? AND session.id < ?))
                    """,
                arguments: [material, session, start, start, session]
            )
            return (earlier ?? 0) > 0
        }
    }
}
