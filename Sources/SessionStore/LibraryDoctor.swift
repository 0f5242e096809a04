public import Foundation
import GRDB

/// What `woodshed doctor` found in a library: SQLite's integrity check, what of each table can
/// be read, and, when asked, the sessions copied into a new library.
public struct LibraryCheckup: Sendable {
    /// SQLite's `PRAGMA integrity_check` lines (at most 100); `["ok"]` when it is sound.
    public var integrity: [String]
    /// Rows readable per table, or the error reading it stopped with.
    public var tables: [(name: String, rows: Result<Int, LibraryError>)]
    /// Sessions copied (old id → new id), when a copy was made.
    public var copied: [(from: Int64, to: Int64, events: Int)] = []
    /// Sessions that could not be read (id and why).
    public var lost: [(id: Int64, reason: String)] = []

    /// True when SQLite finds nothing wrong.
    public var isSound: Bool { integrity == ["ok"] }
}

extension Library {
    /// Checks the file at `path` without writing to it (a read-only connection; the file is
    /// not required to be a sound library) and, with `copyTo`, copies every session that can
    /// be read — its row, ports, events (in time order) and user tags — into a new library
    /// there, which must not exist yet. Analyses are not copied: `woodshed analyze --all` makes
    /// them again. O(file size).
    /// - Throws: ``LibraryError`` when the file cannot be opened at all or the copy cannot be
    ///   written.
    public static func checkup(path: String, copyTo: String? = nil) throws -> LibraryCheckup {
        if let copyTo, FileManager.default.fileExists(atPath: copyTo) {
            throw LibraryError.cannotOpen(copyTo, reason: "it exists; the copy goes to a new file")
        }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.label = "woodshed.doctor"
        configuration.busyMode = .timeout(10)
        let source: DatabaseQueue
        do {
            source = try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw LibraryError.cannotOpen(path, reason: describe(error, path: path))
        }
        defer { try? source.close() }
        func reading<T>(_ body: (Database) throws -> T) -> Result<T, LibraryError> {
            do {
                return .success(try source.read(body))
            } catch {
                return .failure(.database(path, reason: describe(error, path: path)))
            }
        }
        let integrity: [String]
        switch reading({ try String.fetchAll($0, sql: "PRAGMA integrity_check(100)") }) {
        case .success(let lines): integrity = lines
        case .failure(let error): integrity = [error.message]
        }
        var checkup = LibraryCheckup(integrity: integrity, tables: [])
        let tables = ["session", "sessionPort", "event", "tag", "analysis", "material", "overrun"]
        for table in tables {
            checkup.tables.append((table, reading { try Int.fetchOne($0, sql: "SELECT count(*) FROM \(table)") ?? 0 }))
        }
        guard let copyTo else { return checkup }
        let target = try Library(path: copyTo)
        // Sessions by their rows and by their events, each read as far as it goes: a damaged
        // session table must not hide sessions whose events are still there.
        var ids: Set<Int64> = []
        for sql in ["SELECT id FROM session NOT INDEXED", "SELECT DISTINCT sessionId FROM event NOT INDEXED"] {
            _ = reading { db in
                let cursor = try Int64.fetchCursor(db, sql: sql)
                while let id = try cursor.next() { ids.insert(id) }
            }
        }
        for id in ids.sorted() {
            switch reading({ try salvage(session: id, from: $0) }) {
            case .success(let session):
                let newID = try target.write { db in
                    let newID = try insertSession(db, session.new, ports: session.ports)
                    try insertEvents(db, session.events, session: newID)
                    try finishSession(db, session: newID, state: session.state)
                    for tag in session.tags { try TagRecord(sessionId: newID, name: tag, origin: .user).insert(db) }
                    return newID
                }
                checkup.copied.append((id, newID, session.events.count))
            case .failure(let error):
                checkup.lost.append((id, error.message))
            }
        }
        return checkup
    }

    private struct Salvaged {
        var new: NewSession
        var state: SessionState
        var ports: [PortInfo]
        var events: [RawEvent]
        var tags: [String]
    }

    /// One session's rows, read without trusting indexes (`NOT INDEXED`: a damaged index must
    /// not hide rows); events sorted by time, then id.
    private static func salvage(session id: Int64, from db: Database) throws -> Salvaged {
        // A session whose row is lost keeps its events, under a source that says so.
        let row =
            (try? Row.fetchOne(
                db,
                sql: "SELECT startNs, timeZone, sourceKind, source, title, state FROM session NOT INDEXED WHERE id = ?",
                arguments: [id]
            )) ?? Row(["source": "session \(id), its row lost (woodshed doctor)", "state": "recovered"])
        var new = NewSession(
            start: Date(timeIntervalSince1970: 0),
            timeZone: TimeZone(identifier: row["timeZone"] ?? "") ?? .gmt,
            sourceKind: SourceKind(rawValue: row["sourceKind"] ?? "") ?? .import,
            source: row["source"] ?? "",
            title: row["title"]
        )
        new.startNs = row["startNs"] ?? 0
        // A session still open (its recorder died) is copied as recovered.
        let state: SessionState = (row["state"] as String?) == SessionState.closed.rawValue ? .closed : .recovered
        let ports = try Row.fetchAll(
            db,
            sql: "SELECT port, name, address FROM sessionPort NOT INDEXED WHERE sessionId = ?",
            arguments: [id]
        )
        .map {
            PortInfo(
                port: UInt16(clamping: $0["port"] as Int64? ?? 0),
                name: $0["name"] ?? "",
                address: $0["address"] ?? ""
            )
        }
        let events = try Row.fetchAll(
            db,
            sql: "SELECT timeNs, port, bytes FROM event NOT INDEXED WHERE sessionId = ? ORDER BY timeNs, id",
            arguments: [id]
        )
        .map {
            RawEvent(
                time: $0["timeNs"] ?? 0,
                port: UInt16(clamping: $0["port"] as Int64? ?? 0),
                bytes: [UInt8]($0["bytes"] as Data? ?? Data())
            )
        }
        let tags = try String.fetchAll(
            db,
            sql: "SELECT name FROM tag NOT INDEXED WHERE sessionId = ? AND origin = 'user'",
            arguments: [id]
        )
        return Salvaged(new: new, state: state, ports: ports, events: events, tags: tags)
    }
}
