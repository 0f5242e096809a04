import Foundation
import GRDB
import MIDICore

extension Library {
    /// Creates an open session with its ports and returns its id.
    public func createSession(_ new: NewSession, ports: [PortInfo] = []) throws -> Int64 {
        try write { db in try Self.insertSession(db, new, ports: ports) }
    }

    /// Appends events to a session in one transaction and advances its counters. O(k) for k events.
    public func appendEvents(_ events: [RawEvent], to session: Int64) throws {
        guard !events.isEmpty else { return }
        try write { db in try Self.insertEvents(db, events, session: session) }
    }

    /// Registers (or renames) a port of a session.
    public func addPort(_ port: PortInfo, to session: Int64) throws {
        try write { db in try PortRecord(port, session: session).insert(db, onConflict: .replace) }
    }

    /// Records `count` events lost to a kernel FIFO overrun at `time` (ns from session start).
    public func recordOverrun(session: Int64, time: Int64, count: Int) throws {
        try write { db in try Self.insertOverrun(db, OverrunRecord(sessionId: session, timeNs: time, count: count)) }
    }

    /// Overruns of a session: (time ns, events lost), in time order.
    public func overruns(session: Int64) throws -> [(time: Int64, count: Int)] {
        try read { db in
            try OverrunRecord.filter(OverrunRecord.Columns.sessionId == session).order(OverrunRecord.Columns.timeNs)
                .fetchAll(db).map { ($0.timeNs, $0.count) }
        }
    }

    /// Closes a session: duration, note count and active time are computed from its events
    /// (see ``finishSession(_:session:state:)``). O(n log n) in its events.
    public func closeSession(_ id: Int64, state: SessionState = .closed) throws {
        try write { db in try Self.finishSession(db, session: id, state: state) }
    }

    /// Creates, fills and closes a session in one transaction (all or nothing) — for imports.
    public func importSession(_ new: NewSession, ports: [PortInfo], events: [RawEvent]) throws -> Int64 {
        try write { db in
            let id = try Self.insertSession(db, new, ports: ports)
            try Self.insertEvents(db, events, session: id)
            try Self.finishSession(db, session: id, state: .closed)
            return id
        }
    }

    /// Sessions, newest first, with their tags; only those carrying `tag` when given (its name
    /// in any case: "mozart lesson" finds "Mozart lesson"). Two queries, whatever the number of
    /// sessions.
    public func sessions(tag: String? = nil) throws -> [SessionInfo] {
        try read { db in
            var request = SessionRecord.newestFirst()
            if let tag {
                request = request.joining(
                    required: SessionRecord.tags.filter(
                        try Self.tagSpellings(db, of: tag).contains(TagRecord.Columns.name)
                            && TagRecord.Columns.origin != TagOrigin.removed.rawValue
                    )
                    .forKey("chosenTag")
                )
            }
            return try TaggedSessionRecord.all(request).fetchAll(db).map(\.info)
        }
    }

    /// The stored spellings of a tag name, compared without regard to case (Unicode, unlike
    /// SQLite's NOCASE). O(distinct tag names).
    static func tagSpellings(_ db: Database, of tag: String) throws -> [String] {
        try TagRecord.select(TagRecord.Columns.name, as: String.self).distinct().fetchAll(db)
            .filter { $0.compare(tag, options: .caseInsensitive) == .orderedSame }
    }

    /// One session. - Throws: ``LibraryError/noSuchSession(_:)``.
    public func session(_ id: Int64) throws -> SessionInfo {
        try read { db in
            guard let session = try TaggedSessionRecord.all(SessionRecord.filter(key: id)).fetchOne(db) else {
                throw LibraryError.noSuchSession(id)
            }
            return session.info
        }
    }

    /// The most recently started session, if any.
    public func latestSession() throws -> SessionInfo? {
        try read { db in try TaggedSessionRecord.all(SessionRecord.newestFirst().limit(1)).fetchOne(db)?.info }
    }

    /// The ports of a session, by index.
    public func ports(session: Int64) throws -> [PortInfo] {
        try read { db in
            try PortRecord.filter(PortRecord.Columns.sessionId == session).order(PortRecord.Columns.port)
                .fetchAll(db).map(\.info)
        }
    }

    /// Every raw event of a session in time order (ties in arrival order). O(n).
    public func events(session: Int64) throws -> [RawEvent] {
        try read { db in
            var events: [RawEvent] = []
            let cursor = try EventRecord.inOrder(session: session).fetchCursor(db)
            while let record = try cursor.next() { events.append(record.event) }
            return events
        }
    }

    /// Deletes a session with its events, tags and analysis.
    /// - Throws: ``LibraryError/noSuchSession(_:)``.
    public func deleteSession(_ id: Int64) throws {
        try write { db in
            guard try SessionRecord.deleteOne(db, key: id) else { throw LibraryError.noSuchSession(id) }
        }
    }

    // MARK: - Statements shared by the operations above

    static func insertSession(_ db: Database, _ new: NewSession, ports: [PortInfo]) throws -> Int64 {
        var record = SessionRecord(
            startNs: new.startNs,
            timeZone: new.timeZone.identifier,
            utcOffset: new.timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(new.startNs) / 1e9)),
            state: .open,
            sourceKind: new.sourceKind,
            source: new.source,
            title: new.title
        )
        try record.insert(db)
        let id = record.id!
        for port in ports { try PortRecord(port, session: id).insert(db, onConflict: .replace) }
        return id
    }

    /// The hot path of recording and importing, hand-written: cached statements of 100 rows,
    /// then one update of the session's counters. Measured with `woodshed-bench recording`.
    static func insertEvents(_ db: Database, _ events: [RawEvent], session: Int64) throws {
        guard !events.isEmpty else { return }
        // Rows go in 100 to a statement (one statement step per row cost more than the row),
        // bound straight through SQLite's C API: building GRDB's argument arrays (four boxed
        // values and a Data per event) cost more than SQLite's insert itself.
        let rowsPerStatement = 100
        let many = try db.cachedStatement(
            sql: "INSERT INTO event (sessionId, timeNs, port, bytes) VALUES "
                + repeatElement("(?, ?, ?, ?)", count: rowsPerStatement).joined(separator: ", ")
        )
        let one = try db.cachedStatement(sql: "INSERT INTO event (sessionId, timeNs, port, bytes) VALUES (?, ?, ?, ?)")
        var last: Int64 = 0
        var notes = 0
        for start in stride(from: 0, to: events.count, by: rowsPerStatement) {
            let rows = events[start..<min(start + rowsPerStatement, events.count)]
            for event in rows {
                last = max(last, event.time)
                // Keeps the note count of a session being recorded current; close() recomputes it.
                if MIDIMessage.isNoteOn(event.bytes) { notes += 1 }
            }
            if rows.count == rowsPerStatement {
                try EventRows.insert(rows, session: session, with: many, in: db)
            } else {
                for row in rows.indices { try EventRows.insert(rows[row...row], session: session, with: one, in: db) }
            }
        }
        try db.execute(
            sql: """
                UPDATE session SET eventCount = eventCount + ?, noteCount = noteCount + ?,
                lastEventNs = MAX(lastEventNs, ?), durationNs = MAX(durationNs, ?) WHERE id = ?
                """,
            arguments: [events.count, notes, last, last, session]
        )
    }

    static func insertOverrun(_ db: Database, _ overrun: OverrunRecord) throws {
        try overrun.insert(db)
        try SessionRecord.filter(key: overrun.sessionId).updateAll(
            db,
            SessionRecord.Columns.overrunCount.set(to: SessionRecord.Columns.overrunCount + overrun.count)
        )
    }

    /// The one place a session's stored facts are made, from its events alone (so they are known
    /// before any analysis, and agree with the report's): `durationNs` from time 0 to the end of
    /// the last sound, `activeNs` the playing time, the notes and events (``NoteSummary``).
    /// Notes still sounding at the last event end there, as analysis ends them.
    static func finishSession(_ db: Database, session id: Int64, state: SessionState) throws {
        guard var session = try SessionRecord.fetchOne(db, key: id) else { throw LibraryError.noSuchSession(id) }
        let cursor = try EventRecord.inOrder(session: id).fetchCursor(db)
        var eventCount = 0
        let summary = try NoteSummary(endingAt: session.lastEventNs) {
            while let record = try cursor.next() {
                eventCount += 1
                if let message = MIDIMessage(bytes: record.bytes) {
                    return TimedMessage(time: record.time, port: record.port, message: message)
                }
            }
            return nil
        }
        session.state = state
        session.durationNs = summary.lastSoundEnd
        session.noteCount = summary.noteCount
        session.activeNs = summary.activeDuration
        session.eventCount = eventCount
        try session.update(db)
    }
}
