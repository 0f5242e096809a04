import Foundation
import GRDB

/// A row of `material`: a piece or exercise the library knows, with the segmenter's fingerprint.
/// The public face is ``StoredMaterial``.
struct MaterialRecord: Codable, Hashable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "material"

    var id: Int64?
    var name: String
    /// "repertoire" or "technique".
    var kind: String
    /// A score added with `woodshed pieces add`.
    var isReference: Bool
    /// Unix-epoch nanoseconds.
    var createdAtNs: Int64
    /// Opaque to the store: the segmenter's fingerprint as JSON.
    var fingerprint: Data
    /// The piece this one was merged into (`woodshed pieces merge`); nil for a piece of its own.
    var mergedInto: Int64? = nil

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let name = Column(CodingKeys.name)
        static let isReference = Column(CodingKeys.isReference)
        static let fingerprint = Column(CodingKeys.fingerprint)
        static let mergedInto = Column(CodingKeys.mergedInto)
    }

    static let sessionLinks = hasMany(SessionMaterialRecord.self)

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

/// A material with the number of sessions that practised it.
struct CountedMaterialRecord: Decodable, FetchableRecord {
    var material: MaterialRecord
    var sessionCount: Int

    static let all = MaterialRecord.filter(MaterialRecord.Columns.mergedInto == nil).annotated(
        with: MaterialRecord.sessionLinks.count.forKey("sessionCount")
    )
    .order(MaterialRecord.Columns.id)
    .asRequest(of: CountedMaterialRecord.self)

    var stored: StoredMaterial {
        StoredMaterial(
            id: material.id ?? 0,
            name: material.name,
            kind: material.kind,
            isReference: material.isReference,
            createdAtNs: material.createdAtNs,
            fingerprint: material.fingerprint,
            sessionCount: sessionCount
        )
    }
}

/// A material's id, name and the piece it was merged into, without its fingerprint: what a
/// stored report's library ids are looked up in.
struct MaterialNameRecord: Decodable, FetchableRecord {
    var id: Int64
    var name: String
    var mergedInto: Int64?

    static let all = MaterialRecord.select(
        MaterialRecord.Columns.id,
        MaterialRecord.Columns.name,
        MaterialRecord.Columns.mergedInto
    )
    .asRequest(of: MaterialNameRecord.self)
}

/// A row of `sessionMaterial`: a session practised a material.
struct SessionMaterialRecord: Codable, Hashable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "sessionMaterial"

    var sessionId: Int64
    var materialId: Int64

    enum Columns {
        static let sessionId = Column(CodingKeys.sessionId)
        static let materialId = Column(CodingKeys.materialId)
    }

    static let session = belongsTo(SessionRecord.self)
}
