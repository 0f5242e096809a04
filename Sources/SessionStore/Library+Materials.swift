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
            var material = MaterialRecord(
                name: name,
                kind: kind,
                isReference: isReference,
                createdAtNs: Int64(now.timeIntervalSince1970 * 1e9),
                fingerprint: fingerprint
            )
            try material.insert(db)
            return material.id!
        }
    }

    /// Replaces a material's fingerprint (a piece practised further than before).
    public func updateMaterialFingerprint(_ id: Int64, fingerprint: Data) throws {
        try write { db in
            let changed = try MaterialRecord.filter(key: id).updateAll(
                db,
                MaterialRecord.Columns.fingerprint.set(to: fingerprint)
            )
            guard changed > 0 else { throw LibraryError.noSuchMaterial(id) }
        }
    }

    /// Gives a material a reference score: its fingerprint becomes the score's, and it counts as
    /// a score from then on (sessions never grow it). Sessions stay linked to it.
    public func attachScore(_ id: Int64, fingerprint: Data) throws {
        try write { db in
            let changed = try MaterialRecord.filter(key: id).updateAll(
                db,
                [
                    MaterialRecord.Columns.fingerprint.set(to: fingerprint),
                    MaterialRecord.Columns.isReference.set(to: true),
                ]
            )
            guard changed > 0 else { throw LibraryError.noSuchMaterial(id) }
        }
    }

    /// Names a material.
    public func renameMaterial(_ id: Int64, to name: String) throws {
        try write { db in
            let changed = try MaterialRecord.filter(key: id).updateAll(db, MaterialRecord.Columns.name.set(to: name))
            guard changed > 0 else { throw LibraryError.noSuchMaterial(id) }
        }
    }

    /// Records that a session practised materials (replacing earlier links of that session).
    public func linkMaterials(_ materials: some Sequence<Int64>, to session: Int64) throws {
        try write { db in
            try Self.requireSession(db, session)
            try SessionMaterialRecord.filter(SessionMaterialRecord.Columns.sessionId == session).deleteAll(db)
            for material in Set(materials) {
                try SessionMaterialRecord(sessionId: session, materialId: material).insert(db)
            }
        }
    }

    /// All materials, oldest first, with the number of sessions that practised each.
    public func materials() throws -> [StoredMaterial] {
        try read { db in try CountedMaterialRecord.all.fetchAll(db).map(\.stored) }
    }
}

extension Library {
    /// Whether another session practised `material` before `session` (earlier start, or the
    /// same start and a smaller id) — false means the material is new in `session`. Reference
    /// scores count as known from the start.
    public func materialKnownBefore(_ material: Int64, session: Int64) throws -> Bool {
        try read { db in
            if try MaterialRecord.fetchOne(db, key: material)?.isReference == true { return true }
            let start = try SessionRecord.fetchOne(db, key: session)?.startNs ?? .max
            let startNs = SessionRecord.Columns.startNs
            let earlier = SessionMaterialRecord.session.filter(
                startNs < start || (startNs == start && SessionRecord.Columns.id < session)
            )
            return try SessionMaterialRecord
                .filter(SessionMaterialRecord.Columns.materialId == material)
                .filter(SessionMaterialRecord.Columns.sessionId != session)
                .joining(required: earlier)
                .fetchCount(db) > 0
        }
    }
}
