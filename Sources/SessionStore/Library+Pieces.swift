public import Foundation
import GRDB

/// A fingerprint the segmenter should recognise, and the piece it stands for: a piece's own, or
/// one of a piece merged into it (`woodshed pieces merge`).
public struct MaterialFingerprintRow: Sendable, Hashable {
    /// The row the fingerprint belongs to (the merged piece's own id for a merged one).
    public var id: Int64
    /// The piece it counts for: `id` itself, or the piece it was merged into.
    public var pieceID: Int64
    /// The piece's name.
    public var name: String
    public var isReference: Bool
    /// Opaque to the store: the segmenter's fingerprint as JSON.
    public var fingerprint: Data
}

extension Library {
    /// Merges piece `other` into `piece`: `piece`'s id stays, `other`'s sessions become
    /// `piece`'s, and `other`'s fingerprint keeps being recognised as `piece` (pieces merged
    /// into `other` earlier follow). When only `other` has a score, `piece` takes it over.
    /// - Throws: ``LibraryError/noSuchMaterial(_:)`` when either is not a piece of its own;
    ///   ``LibraryError/sameMaterial(_:)`` when they are one piece.
    public func mergeMaterial(_ other: Int64, into piece: Int64) throws {
        guard other != piece else { throw LibraryError.sameMaterial(piece) }
        try write { db in
            guard var kept = try MaterialRecord.fetchOne(db, key: piece), kept.mergedInto == nil else {
                throw LibraryError.noSuchMaterial(piece)
            }
            guard var merged = try MaterialRecord.fetchOne(db, key: other), merged.mergedInto == nil else {
                throw LibraryError.noSuchMaterial(other)
            }
            let links = SessionMaterialRecord.filter(SessionMaterialRecord.Columns.materialId == other)
            let sessions = try links.select(SessionMaterialRecord.Columns.sessionId, as: Int64.self).fetchAll(db)
            for session in sessions {
                // A session that practised both keeps one link.
                try SessionMaterialRecord(sessionId: session, materialId: piece).insert(db, onConflict: .ignore)
            }
            try links.deleteAll(db)
            try MaterialRecord.filter(MaterialRecord.Columns.mergedInto == other)
                .updateAll(db, MaterialRecord.Columns.mergedInto.set(to: piece))
            if merged.isReference && !kept.isReference {
                // The score is what reports name bars by: the piece that stays takes it.
                swap(&kept.fingerprint, &merged.fingerprint)
                kept.isReference = true
                merged.isReference = false
            }
            merged.mergedInto = piece
            try kept.update(db)
            try merged.update(db)
        }
    }

    /// The piece a library id stands for now: itself, or the piece it was merged into.
    /// - Throws: ``LibraryError/noSuchMaterial(_:)`` for an id the library never had.
    public func currentPiece(_ id: Int64) throws -> Int64 {
        try read { db in
            guard let material = try MaterialRecord.fetchOne(db, key: id) else {
                throw LibraryError.noSuchMaterial(id)
            }
            return material.mergedInto ?? id
        }
    }

    /// Every library id with the piece and name it stands for now (merged pieces map to the
    /// piece they were merged into) — what a stored report's `libraryID`s are looked up in.
    public func pieceNames() throws -> [Int64: (piece: Int64, name: String)] {
        try read { db in
            // Not the fingerprints: this runs for every report shown.
            let rows = try MaterialNameRecord.all.fetchAll(db)
            let names = Dictionary(uniqueKeysWithValues: rows.map { ($0.id, $0.name) })
            return Dictionary(
                uniqueKeysWithValues: rows.map { row in
                    let piece = row.mergedInto ?? row.id
                    return (row.id, (piece, names[piece] ?? row.name))
                }
            )
        }
    }

    /// Every fingerprint the segmenter should know, merged pieces' included (each with the
    /// piece it counts for), oldest first.
    public func materialFingerprints() throws -> [MaterialFingerprintRow] {
        try read { db in
            let rows = try MaterialRecord.order(MaterialRecord.Columns.id).fetchAll(db)
            let pieces = Dictionary(uniqueKeysWithValues: rows.map { ($0.id!, $0) })
            return rows.map { row in
                let piece = row.mergedInto.flatMap { pieces[$0] } ?? row
                return MaterialFingerprintRow(
                    id: row.id!,
                    pieceID: piece.id!,
                    name: piece.name,
                    isReference: row.isReference,
                    fingerprint: row.fingerprint
                )
            }
        }
    }

    /// Pieces of their own other than `except` whose name is `name`, ignoring case and
    /// surrounding spaces — what a rename should warn about.
    public func materials(named name: String, except: Int64? = nil) throws -> [StoredMaterial] {
        let wanted = name.trimmingCharacters(in: .whitespaces)
        return try materials().filter {
            $0.id != except
                && $0.name.trimmingCharacters(in: .whitespaces).compare(wanted, options: .caseInsensitive)
                    == .orderedSame
        }
    }

    /// Ids of the sessions that practised a piece (its merged pieces' included), oldest first.
    public func sessionIDs(material: Int64) throws -> [Int64] {
        try read { db in
            let session = TableAlias()
            return try SessionMaterialRecord.filter(SessionMaterialRecord.Columns.materialId == material)
                .joining(required: SessionMaterialRecord.session.aliased(session))
                .order(session[SessionRecord.Columns.startNs], session[SessionRecord.Columns.id])
                .select(SessionMaterialRecord.Columns.sessionId, as: Int64.self)
                .fetchAll(db)
        }
    }

    /// Unlinks sessions from a piece (before they are analysed again without it).
    /// - Returns: the sessions that were linked to it.
    @discardableResult
    public func unlinkSessions(_ sessions: [Int64], from material: Int64) throws -> [Int64] {
        try write { db in
            var unlinked: [Int64] = []
            for session in sessions {
                if try SessionMaterialRecord.deleteOne(db, key: ["sessionId": session, "materialId": material]) {
                    unlinked.append(session)
                }
            }
            return unlinked
        }
    }
}
