public import Foundation
import GRDB

/// What a page of sessions shows: which sessions, in which order.
public struct SessionQuery: Sendable, Hashable {
    /// The column a list is sorted by.
    public enum Sort: String, Sendable, CaseIterable {
        case date, length, playing, notes
    }

    /// Words that must all appear, ignoring case and diacritics, in the session's title,
    /// source, tags or the names of the pieces it practised; empty for all.
    public var words: String
    /// Only sessions carrying this tag (any case); nil for all.
    public var tag: String?
    /// Local start time bounds, seconds since 1970 in the session's own UTC offset (a local
    /// day `d` since 1970 starts at `d · 86 400`): `from` inclusive, `to` exclusive.
    public var fromLocalSecond: Int64?
    public var toLocalSecond: Int64?
    public var sort: Sort
    public var descending: Bool

    public init(
        words: String = "",
        tag: String? = nil,
        fromLocalSecond: Int64? = nil,
        toLocalSecond: Int64? = nil,
        sort: Sort = .date,
        descending: Bool = true
    ) {
        self.words = words
        self.tag = tag
        self.fromLocalSecond = fromLocalSecond
        self.toLocalSecond = toLocalSecond
        self.sort = sort
        self.descending = descending
    }
}

/// A piece as listed: its name and how much it was practised, without its fingerprint.
public struct PieceListing: Sendable, Hashable {
    public var id: Int64
    public var name: String
    public var kind: String
    public var isReference: Bool
    public var sessionCount: Int
    /// Local start (seconds since 1970 in its UTC offset) of the latest session that practised it.
    public var lastLocalSecond: Int64?

    /// The column the pieces list is sorted by.
    public enum Sort: String, Sendable, CaseIterable {
        case name, sessions, last, id
    }
}

extension Library {
    /// The SQL function behind ``SessionQuery/words``: whether its first argument contains
    /// every space-separated word of the second, ignoring case and diacritics.
    static let matchesWords = DatabaseFunction("woodshed_matches", argumentCount: 2, pure: true) { values in
        guard let text = String.fromDatabaseValue(values[0]), let query = String.fromDatabaseValue(values[1]) else {
            return false
        }
        return query.split(separator: " ").allSatisfy {
            text.range(of: $0, options: [.caseInsensitive, .diacriticInsensitive]) != nil
        }
    }

    /// One page of the sessions `query` selects, and how many it selects in all: the database
    /// filters, sorts and pages (LIMIT/OFFSET), so a page costs O(limit) rows however many
    /// sessions there are, plus the count (one pass over the session table's rows, no events).
    public func sessions(_ query: SessionQuery, limit: Int, offset: Int) throws -> (total: Int, page: [SessionInfo]) {
        try read { db in
            var conditions: [String] = []
            var arguments: StatementArguments = []
            let localStart = "(session.startNs / 1000000000 + session.utcOffset)"
            if let from = query.fromLocalSecond {
                conditions.append("\(localStart) >= ?")
                arguments += [from]
            }
            if let to = query.toLocalSecond {
                conditions.append("\(localStart) < ?")
                arguments += [to]
            }
            if let tag = query.tag, !tag.isEmpty {
                let spellings = try Self.tagSpellings(db, of: tag)
                guard !spellings.isEmpty else { return (0, []) }
                conditions.append(
                    "EXISTS (SELECT 1 FROM tag WHERE tag.sessionId = session.id AND tag.origin != 'removed' "
                        + "AND tag.name IN (\(databaseQuestionMarks(count: spellings.count))))"
                )
                arguments += StatementArguments(spellings)
            }
            let words = query.words.trimmingCharacters(in: .whitespaces)
            if !words.isEmpty {
                conditions.append(
                    """
                    woodshed_matches(IFNULL(session.title, '') || ' ' || session.source || ' ' ||
                      IFNULL((SELECT group_concat(name, ' ') FROM tag WHERE tag.sessionId = session.id
                              AND tag.origin != 'removed'), '') || ' ' ||
                      IFNULL((SELECT group_concat(material.name, ' ') FROM sessionMaterial
                              JOIN material ON material.id = sessionMaterial.materialId
                              WHERE sessionMaterial.sessionId = session.id), ''), ?)
                    """
                )
                arguments += [words]
            }
            let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM session \(filter)", arguments: arguments) ?? 0
            let column =
                switch query.sort {
                case .date: "startNs"
                case .length: "durationNs"
                case .playing: "activeNs"
                case .notes: "noteCount"
                }
            let direction = query.descending ? "DESC" : "ASC"
            let page = try Row.fetchAll(
                db,
                sql: """
                    SELECT \(SessionRecord.listedColumns) FROM session \(filter)
                    ORDER BY \(column) \(direction), id \(direction) LIMIT ? OFFSET ?
                    """,
                arguments: arguments + [max(0, limit), max(0, offset)]
            )
            .map(SessionRecord.init(listed:))
            let tags = try Self.tagNames(db, sessions: page.compactMap(\.id))
            return (total, page.map { $0.info(tags: tags[$0.id ?? 0] ?? []) })
        }
    }

    /// The tags of `sessions` that were not removed, each session's sorted by name (as
    /// ``TaggedSessionRecord/all(_:)`` reads them), in one query read by position.
    static func tagNames(_ db: Database, sessions: [Int64]) throws -> [Int64: [String]] {
        guard !sessions.isEmpty else { return [:] }
        var names: [Int64: [String]] = [:]
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT sessionId, name FROM tag
                WHERE sessionId IN (\(databaseQuestionMarks(count: sessions.count))) AND origin != ?
                ORDER BY name
                """,
            arguments: StatementArguments(sessions) + [TagOrigin.removed.rawValue]
        )
        while let row = try rows.next() {
            names[row[0], default: []].append(row[1])
        }
        return names
    }

    /// One page of the pieces of their own (merged ones left out) whose names contain every
    /// word of `words` (case and diacritics ignored), sorted by `sort`, with the total. Paged by
    /// the database; fingerprints are not read.
    public func pieces(
        words: String = "",
        sort: PieceListing.Sort = .sessions,
        descending: Bool = true,
        limit: Int,
        offset: Int
    ) throws -> (total: Int, page: [PieceListing]) {
        try read { db in
            let trimmed = words.trimmingCharacters(in: .whitespaces)
            let filter = "WHERE material.mergedInto IS NULL" + (trimmed.isEmpty ? "" : " AND woodshed_matches(name, ?)")
            let arguments: StatementArguments = trimmed.isEmpty ? [] : [trimmed]
            let total =
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM material \(filter)", arguments: arguments) ?? 0
            let direction = descending ? "DESC" : "ASC"
            let order =
                switch sort {
                case .name: "name COLLATE NOCASE \(direction)"
                case .sessions: "sessionCount \(direction)"
                case .last: "lastLocalSecond IS NULL \(descending ? "ASC" : "DESC"), lastLocalSecond \(direction)"
                case .id: "id \(direction)"
                }
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT material.id, name, kind, isReference,
                      (SELECT COUNT(*) FROM sessionMaterial WHERE materialId = material.id) AS sessionCount,
                      (SELECT MAX(session.startNs / 1000000000 + session.utcOffset) FROM sessionMaterial
                       JOIN session ON session.id = sessionMaterial.sessionId
                       WHERE sessionMaterial.materialId = material.id) AS lastLocalSecond
                    FROM material \(filter)
                    ORDER BY \(order), id \(direction) LIMIT ? OFFSET ?
                    """,
                arguments: arguments + [max(0, limit), max(0, offset)]
            )
            return (
                total,
                rows.map {
                    PieceListing(
                        id: $0["id"],
                        name: $0["name"],
                        kind: $0["kind"],
                        isReference: $0["isReference"],
                        sessionCount: $0["sessionCount"],
                        lastLocalSecond: $0["lastLocalSecond"]
                    )
                }
            )
        }
    }

    /// Playing time per local day from `fromLocalDay` on (days since 1970 in each session's own
    /// UTC offset): seconds of playing (``SessionInfo/activeNs``, the session's stored
    /// NoteSummary figure, a session being recorded included) and sessions started that day.
    /// One grouped query.
    public func playingPerDay(fromLocalDay: Int) throws -> [(day: Int, seconds: Double, sessions: Int)] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT day, SUM(activeNs) AS active, COUNT(*) AS sessions FROM (
                      SELECT activeNs, (startNs / 1000000000 + utcOffset) / 86400 AS day
                      FROM session WHERE startNs / 1000000000 + utcOffset >= ?
                    ) GROUP BY day ORDER BY day
                    """,
                arguments: [Int64(fromLocalDay) * 86_400]
            )
            .map { (day: $0["day"], seconds: Double($0["active"] as Int64) / 1e9, sessions: $0["sessions"]) }
        }
    }

    /// The latest session still open (a recorder is writing it, or died before closing it).
    public func openSession() throws -> SessionInfo? {
        try read { db in
            try TaggedSessionRecord.all(
                SessionRecord.filter(SessionRecord.Columns.state == SessionState.open.rawValue)
                    .order(SessionRecord.Columns.startNs.desc, SessionRecord.Columns.id.desc).limit(1)
            )
            .fetchOne(db)?.info
        }
    }

    /// A session's events from `time` (ns of session time) on, in time order: the tail of a
    /// session being recorded. O(events returned) through the (session, time) index.
    public func events(session: Int64, from time: Int64) throws -> [RawEvent] {
        try read { db in
            try EventRecord.inOrder(session: session).filter(EventRecord.Columns.timeNs >= time).fetchAll(db)
                .map(\.event)
        }
    }

    /// The library ids of the materials a session practised (as analysis linked them).
    public func materialIDs(session: Int64) throws -> [Int64] {
        try read { db in
            try Int64.fetchAll(
                db,
                sql: "SELECT materialId FROM sessionMaterial WHERE sessionId = ? ORDER BY materialId",
                arguments: [session]
            )
        }
    }

    /// The number every page-visible change raises (sessions added, closed or deleted, an
    /// analysis stored, pieces, tags, goals — not the recorder's appends): equal numbers mean
    /// what was derived from reports is still current.
    public func changeCounter() throws -> Int64 {
        try read { db in try Int64.fetchOne(db, sql: "SELECT counter FROM libraryChange") ?? 0 }
    }
}
