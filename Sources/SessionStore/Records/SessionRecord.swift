import GRDB

/// A row of `session`: when, how long, how much, from where. The public face is ``SessionInfo``
/// (with its tags).
struct SessionRecord: Codable, Hashable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "session"

    var id: Int64?
    /// Wall-clock time of session time 0, Unix-epoch nanoseconds.
    var startNs: Int64
    var timeZone: String
    /// Seconds east of UTC at the start.
    var utcOffset: Int
    var durationNs: Int64 = 0
    var activeNs: Int64 = 0
    var state: SessionState
    var sourceKind: SourceKind
    var source: String
    var title: String?
    var eventCount = 0
    var noteCount = 0
    var overrunCount = 0
    var lastEventNs: Int64 = 0
    /// ``Library/contentHash(of:)`` of its events; nil until computed.
    var contentHash: String? = nil

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let startNs = Column(CodingKeys.startNs)
        static let state = Column(CodingKeys.state)
        static let durationNs = Column(CodingKeys.durationNs)
        static let eventCount = Column(CodingKeys.eventCount)
        static let noteCount = Column(CodingKeys.noteCount)
        static let overrunCount = Column(CodingKeys.overrunCount)
        static let lastEventNs = Column(CodingKeys.lastEventNs)
        static let contentHash = Column(CodingKeys.contentHash)
    }

    static let tags = hasMany(TagRecord.self)
    static let ports = hasMany(PortRecord.self)
    static let events = hasMany(EventRecord.self)
    static let materialLinks = hasMany(SessionMaterialRecord.self)

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    /// Newest first; ties (two imports at one start) by id.
    static func newestFirst() -> QueryInterfaceRequest<SessionRecord> {
        order(Columns.startNs.desc, Columns.id.desc)
    }
}

/// A session with its tags, as ``SessionRecord/including(all:)`` fetches them.
struct TaggedSessionRecord: Decodable, FetchableRecord {
    var session: SessionRecord
    var tags: [TagRecord]

    /// Every session the request selects, with its tags sorted by name (two queries in all).
    static func all(_ request: QueryInterfaceRequest<SessionRecord>) -> QueryInterfaceRequest<TaggedSessionRecord> {
        request.including(
            all: SessionRecord.tags.filter(TagRecord.Columns.origin != TagOrigin.removed.rawValue)
                .order(TagRecord.Columns.name)
        )
        .asRequest(of: Self.self)
    }

    var info: SessionInfo {
        SessionInfo(
            id: session.id ?? 0,
            startNs: session.startNs,
            timeZone: session.timeZone,
            utcOffset: session.utcOffset,
            durationNs: session.durationNs,
            activeNs: session.activeNs,
            state: session.state,
            sourceKind: session.sourceKind,
            source: session.source,
            title: session.title,
            eventCount: session.eventCount,
            noteCount: session.noteCount,
            overrunCount: session.overrunCount,
            lastEventNs: session.lastEventNs,
            tags: tags.map(\.name)
        )
    }
}
