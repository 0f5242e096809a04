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

    var info: SessionInfo { session.info(tags: tags.map(\.name)) }
}

extension SessionRecord {
    /// Read by column name, not through Codable: a list reads 50 of these per page, and
    /// Codable's keyed decoding through GRDB cost several times more per row (it showed as a
    /// fifth of a Sessions page's CPU in the journal's profile).
    init(row: Row) throws {
        id = try row.decode(forColumn: "id")
        startNs = try row.decode(forColumn: "startNs")
        timeZone = try row.decode(forColumn: "timeZone")
        utcOffset = try row.decode(forColumn: "utcOffset")
        durationNs = try row.decode(forColumn: "durationNs")
        activeNs = try row.decode(forColumn: "activeNs")
        state = try Self.decode(row, "state")
        sourceKind = try Self.decode(row, "sourceKind")
        source = try row.decode(forColumn: "source")
        title = try row.decode(forColumn: "title")
        eventCount = try row.decode(forColumn: "eventCount")
        noteCount = try row.decode(forColumn: "noteCount")
        overrunCount = try row.decode(forColumn: "overrunCount")
        lastEventNs = try row.decode(forColumn: "lastEventNs")
        contentHash = try row.decode(forColumn: "contentHash")
    }

    /// The columns ``init(listed:)`` reads, in its order: what a list shows (no content hash).
    static let listedColumns =
        "id, startNs, timeZone, utcOffset, durationNs, activeNs, state, sourceKind, source, title, "
        + "eventCount, noteCount, overrunCount, lastEventNs"

    /// A row of `SELECT \(listedColumns)` read by position: a name lookup in a GRDB row
    /// compares the lowercased name with every column's, which a page of 50 sessions noticed.
    init(listed row: Row) throws {
        id = try row.decode(atIndex: 0)
        startNs = try row.decode(atIndex: 1)
        timeZone = try row.decode(atIndex: 2)
        utcOffset = try row.decode(atIndex: 3)
        durationNs = try row.decode(atIndex: 4)
        activeNs = try row.decode(atIndex: 5)
        state = try Self.value(row.decode(atIndex: 6), column: "state")
        sourceKind = try Self.value(row.decode(atIndex: 7), column: "sourceKind")
        source = try row.decode(atIndex: 8)
        title = try row.decode(atIndex: 9)
        eventCount = try row.decode(atIndex: 10)
        noteCount = try row.decode(atIndex: 11)
        overrunCount = try row.decode(atIndex: 12)
        lastEventNs = try row.decode(atIndex: 13)
        contentHash = nil
    }

    /// The public face, with the tags given.
    func info(tags: [String]) -> SessionInfo {
        SessionInfo(
            id: id ?? 0,
            startNs: startNs,
            timeZone: timeZone,
            utcOffset: utcOffset,
            durationNs: durationNs,
            activeNs: activeNs,
            state: state,
            sourceKind: sourceKind,
            source: source,
            title: title,
            eventCount: eventCount,
            noteCount: noteCount,
            overrunCount: overrunCount,
            lastEventNs: lastEventNs,
            tags: tags
        )
    }

    /// A text column as one of `Value`'s cases; another text throws as Codable decoding does.
    static func decode<Value: RawRepresentable<String>>(_ row: Row, _ column: String) throws -> Value {
        try value(row.decode(forColumn: column), column: column)
    }

    /// `text`, read from `column`, as one of `Value`'s cases.
    static func value<Value: RawRepresentable<String>>(_ text: String, column: String) throws -> Value {
        guard let value = Value(rawValue: text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: [], debugDescription: "\(column) '\(text)' is not a \(Value.self)")
            )
        }
        return value
    }
}

extension TaggedSessionRecord {
    /// The session's columns and its prefetched tags, read without Codable (see ``SessionRecord/init(row:)``).
    init(row: Row) throws {
        session = try SessionRecord(row: row)
        tags = try (row.prefetchedRows["tags"] ?? []).map(TagRecord.init(row:))
    }
}
