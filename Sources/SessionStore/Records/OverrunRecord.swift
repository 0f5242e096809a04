import GRDB

/// A row of `overrun`: events the kernel dropped while recording (its input queue was full).
struct OverrunRecord: Codable, Hashable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "overrun"

    var sessionId: Int64
    /// Nanoseconds from session time 0.
    var timeNs: Int64
    var count: Int

    enum Columns {
        static let sessionId = Column(CodingKeys.sessionId)
        static let timeNs = Column(CodingKeys.timeNs)
    }
}
