import GRDB

/// A row of `tag`: a name on a session, put there by analysis or by hand.
struct TagRecord: Codable, Hashable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "tag"

    var sessionId: Int64
    var name: String
    var origin: TagOrigin

    enum Columns {
        static let sessionId = Column(CodingKeys.sessionId)
        static let name = Column(CodingKeys.name)
        static let origin = Column(CodingKeys.origin)
    }
}

extension TagRecord {
    /// Read by column name, not through Codable (a page of sessions reads their tags).
    init(row: Row) throws {
        sessionId = try row.decode(forColumn: "sessionId")
        name = try row.decode(forColumn: "name")
        origin = try SessionRecord.decode(row, "origin")
    }
}
