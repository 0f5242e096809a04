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
        try write { db in try Self.insertPort(db, port, session: session) }
    }

    /// Records `count` events lost to a kernel FIFO overrun at `time` (ns from session start).
    public func recordOverrun(session: Int64, time: Int64, count: Int) throws {
        try write { db in
            try db.execute(
                sql: "INSERT INTO overrun (sessionId, timeNs, count) VALUES (?, ?, ?)",
                arguments: [session, time, count]
            )
            try db.execute(
                sql: "UPDATE session SET overrunCount = overrunCount + ? WHERE id = ?",
                arguments: [count, session]
            )
        }
    }

    /// Overruns of a session: (time ns, events lost), in time order.
    public func overruns(session: Int64) throws -> [(time: Int64, count: Int)] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT timeNs, count FROM overrun WHERE sessionId = ? ORDER BY timeNs",
                arguments: [session]
            )
            .map { ($0["timeNs"], $0["count"]) }
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

    /// Sessions, newest first; only those carrying `tag` when given.
    public func sessions(tag: String? = nil) throws -> [SessionInfo] {
        try read { db in
            let rows: [Row]
            if let tag {
                rows = try Row.fetchAll(
                    db,
                    sql:
                        "SELECT session.* FROM session JOIN tag ON tag.sessionId = session.id WHERE tag.name = ? ORDER BY startNs DESC, id DESC",
                    arguments: [tag]
                )
            } else {
                rows = try Row.fetchAll(db, sql: "SELECT * FROM session ORDER BY startNs DESC, id DESC")
            }
            return try rows.map { try Self.sessionInfo($0, db) }
        }
    }

    /// One session. - Throws: ``LibraryError/noSuchSession(_:)``.
    public func session(_ id: Int64) throws -> SessionInfo {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM session WHERE id = ?", arguments: [id]) else {
                throw LibraryError.noSuchSession(id)
            }
            return try Self.sessionInfo(row, db)
        }
    }

    /// The most recently started session, if any.
    public func latestSession() throws -> SessionInfo? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM session ORDER BY startNs DESC, id DESC LIMIT 1").map {
                try Self.sessionInfo($0, db)
            }
        }
    }

    /// The ports of a session, by index.
    public func ports(session: Int64) throws -> [PortInfo] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT port, name, address FROM sessionPort WHERE sessionId = ? ORDER BY port",
                arguments: [session]
            )
            .map { PortInfo(port: $0["port"], name: $0["name"], address: $0["address"]) }
        }
    }

    /// Every raw event of a session in time order (ties in arrival order). O(n).
    public func events(session: Int64) throws -> [RawEvent] {
        try read { db in
            let cursor = try Row.fetchCursor(
                db,
                sql: "SELECT timeNs, port, bytes FROM event WHERE sessionId = ? ORDER BY timeNs, id",
                arguments: [session]
            )
            var events: [RawEvent] = []
            while let row = try cursor.next() {
                let data: Data = row["bytes"]
                events.append(RawEvent(time: row["timeNs"], port: row["port"], bytes: Array(data)))
            }
            return events
        }
    }

    /// Deletes a session with its events, tags and analysis.
    /// - Throws: ``LibraryError/noSuchSession(_:)``.
    public func deleteSession(_ id: Int64) throws {
        try write { db in
            try db.execute(sql: "DELETE FROM session WHERE id = ?", arguments: [id])
            if db.changesCount == 0 { throw LibraryError.noSuchSession(id) }
        }
    }

    // MARK: - Statements shared by the operations above

    static func insertSession(_ db: Database, _ new: NewSession, ports: [PortInfo]) throws -> Int64 {
        let offset = new.timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(new.startNs) / 1e9))
        try db.execute(
            sql: """
                INSERT INTO session (startNs, timeZone, utcOffset, state, sourceKind, source, title)
                VALUES (?, ?, ?, 'open', ?, ?, ?)
                """,
            arguments: [new.startNs, new.timeZone.identifier, offset, new.sourceKind.rawValue, new.source, new.title]
        )
        let id = db.lastInsertedRowID
        for port in ports { try insertPort(db, port, session: id) }
        return id
    }

    static func insertPort(_ db: Database, _ port: PortInfo, session: Int64) throws {
        try db.execute(
            sql: "INSERT OR REPLACE INTO sessionPort (sessionId, port, name, address) VALUES (?, ?, ?, ?)",
            arguments: [session, port.port, port.name, port.address]
        )
    }

    static func insertEvents(_ db: Database, _ events: [RawEvent], session: Int64) throws {
        guard !events.isEmpty else { return }
        let statement = try db.cachedStatement(
            sql: "INSERT INTO event (sessionId, timeNs, port, bytes) VALUES (?, ?, ?, ?)"
        )
        var last: Int64 = 0
        var notes = 0
        for event in events {
            try statement.execute(arguments: [session, event.time, event.port, Data(event.bytes)])
            last = max(last, event.time)
            // Keeps the note count of a session being recorded current; close() recomputes it.
            if event.bytes.count == 3, event.bytes[0] & 0xF0 == 0x90, event.bytes[2] != 0 { notes += 1 }
        }
        try db.execute(
            sql: """
                UPDATE session SET eventCount = eventCount + ?, noteCount = noteCount + ?,
                lastEventNs = MAX(lastEventNs, ?), durationNs = MAX(durationNs, ?) WHERE id = ?
                """,
            arguments: [events.count, notes, last, last, session]
        )
    }

    /// The one place a session's stored facts are made, from its events alone (so they are known
    /// before any analysis, and agree with the report's): `durationNs` from time 0 to the end of
    /// the last sound (``Note/lastSoundEnd(of:)``), `activeNs` the playing time
    /// (``Note/activeDuration(of:bridging:)``), the notes and events. Notes still sounding at
    /// the last event end there, as analysis ends them.
    static func finishSession(_ db: Database, session id: Int64, state: SessionState) throws {
        guard
            let lastEvent = try Int64.fetchOne(db, sql: "SELECT lastEventNs FROM session WHERE id = ?", arguments: [id])
        else {
            throw LibraryError.noSuchSession(id)
        }
        let cursor = try Row.fetchCursor(
            db,
            sql: "SELECT timeNs, port, bytes FROM event WHERE sessionId = ? ORDER BY timeNs, id",
            arguments: [id]
        )
        var tracker = NoteTracker()
        var count = 0
        var eventCount = 0
        while let row = try cursor.next() {
            eventCount += 1
            let data: Data = row["bytes"]
            guard let message = MIDIMessage(bytes: data) else { continue }
            if case .noteOn = message { count += 1 }
            tracker.consume(TimedMessage(time: row["timeNs"], port: row["port"], message: message))
        }
        let notes = tracker.finish(at: lastEvent)
        try db.execute(
            sql:
                "UPDATE session SET state = ?, durationNs = ?, noteCount = ?, activeNs = ?, eventCount = ? WHERE id = ?",
            arguments: [
                state.rawValue, Note.lastSoundEnd(of: notes), count, Note.activeDuration(of: notes), eventCount, id,
            ]
        )
    }

    static func sessionInfo(_ row: Row, _ db: Database) throws -> SessionInfo {
        let id: Int64 = row["id"]
        let tags = try String.fetchAll(
            db,
            sql: "SELECT name FROM tag WHERE sessionId = ? ORDER BY name",
            arguments: [id]
        )
        return SessionInfo(
            id: id,
            startNs: row["startNs"],
            timeZone: row["timeZone"],
            utcOffset: row["utcOffset"],
            durationNs: row["durationNs"],
            activeNs: row["activeNs"],
            state: SessionState(rawValue: row["state"]) ?? .closed,
            sourceKind: SourceKind(rawValue: row["sourceKind"]) ?? .import,
            source: row["source"],
            title: row["title"],
            eventCount: row["eventCount"],
            noteCount: row["noteCount"],
            overrunCount: row["overrunCount"],
            lastEventNs: row["lastEventNs"],
            tags: tags
        )
    }
}
