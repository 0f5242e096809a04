import Foundation
import MIDICore
import Testing

@testable import SessionStore

/// A fresh folder under the system temporary directory, removed by the caller.
func temporaryFolder() -> String {
    let path = NSTemporaryDirectory() + "woodshed-tests-" + UUID().uuidString
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

func noteEvents(count: Int, spacing: Int64 = 10_000_000) -> [RawEvent] {
    (0..<count).flatMap { i -> [RawEvent] in
        let t = Int64(i) * spacing
        let key = UInt8(48 + i % 24)
        return [
            RawEvent(time: t, port: 0, bytes: [0x90, key, 64]),
            RawEvent(time: t + spacing / 2, port: 0, bytes: [0x80, key, 0]),
        ]
    }
}

@Suite("Session library")
struct LibraryTests {
    @Test("migrating an empty database creates the schema")
    func migrationsFromEmpty() throws {
        let library = try Library.inMemory()
        let tables = try library.read { db in
            try String.fetchAll(
                db,
                sql:
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'grdb_%' ORDER BY name"
            )
        }
        #expect(
            tables == [
                "analysis", "analysisFailure", "analysisSummary", "event", "goal", "libraryChange", "material",
                "overrun", "passageSummary", "pieceSummary", "session", "sessionMaterial", "sessionPort", "tag",
            ]
        )
        let eventIndexes = try library.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'event'")
        }
        #expect(eventIndexes == ["event_on_session_time"])
        #expect(try library.sessions().isEmpty)
    }

    @Test("commits of any size keep every event and its order, equal times included")
    func commitsOfAnySize() throws {
        let library = try Library.inMemory()
        let writer = try SessionWriter(
            library: library,
            session: NewSession(start: Date(), sourceKind: .capture, source: "Test Keyboard")
        )
        // Chords: several events at one time, which only the insertion order tells apart.
        let events = (0..<1_000).map { (index: Int) -> RawEvent in
            let bytes: [UInt8] = [0x90, UInt8(index % 128), UInt8(1 + index % 127)]
            return RawEvent(time: Int64(index / 3) * 1_000_000, port: 0, bytes: bytes)
        }
        var next = 0
        for size in [1, 99, 100, 101, 257, 0, 200, 42] {
            writer.append(contentsOf: events[next..<next + size])
            next += size
            #expect(try writer.flush() == size)
        }
        writer.append(contentsOf: events[next...])
        try writer.close()
        #expect(try library.events(session: writer.sessionID!) == events)
        #expect(try library.session(writer.sessionID!).noteCount == 1_000)
    }

    @Test("the default path follows --library, WOODSHED_LIBRARY, then XDG_DATA_HOME")
    func defaultPath() {
        #expect(
            Library.defaultPath(option: "/x/lib.sqlite", environment: ["WOODSHED_LIBRARY": "/y"]) == "/x/lib.sqlite"
        )
        #expect(
            Library.defaultPath(environment: ["WOODSHED_LIBRARY": "/y/l.sqlite", "XDG_DATA_HOME": "/d"])
                == "/y/l.sqlite"
        )
        #expect(
            Library.defaultPath(environment: ["XDG_DATA_HOME": "/d", "HOME": "/h"]) == "/d/woodshed/library.sqlite"
        )
        #expect(Library.defaultPath(environment: ["HOME": "/h"]) == "/h/.local/share/woodshed/library.sqlite")
        // A relative XDG_DATA_HOME is invalid by the XDG spec and ignored.
        #expect(
            Library.defaultPath(environment: ["XDG_DATA_HOME": "rel", "HOME": "/h"])
                == "/h/.local/share/woodshed/library.sqlite"
        )
    }

    @Test("a new library file is 0600 in a 0700 folder, and reopening keeps its sessions")
    func permissionsAndReopen() throws {
        let root = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let path = root + "/deep/woodshed/library.sqlite"
        do {
            let library = try Library(path: path)
            _ = try library.importSession(
                NewSession(start: Date(timeIntervalSince1970: 1_700_000_000), sourceKind: .import, source: "a.mid"),
                ports: [PortInfo(port: 0, name: "Piano")],
                events: noteEvents(count: 10)
            )
        }
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let folder = try FileManager.default.attributesOfItem(atPath: root + "/deep/woodshed")
        #expect((folder[.posixPermissions] as? Int) == 0o700)
        let reopened = try Library(path: path)
        let sessions = try reopened.sessions()
        #expect(sessions.count == 1)
        #expect(sessions[0].noteCount == 10)
        #expect(sessions[0].eventCount == 20)
        // To the end of the last sound: the tenth note, 90 ms + 5 ms.
        #expect(sessions[0].durationNs == 95_000_000)
        #expect(sessions[0].state == .closed)
        #expect(try reopened.ports(session: sessions[0].id) == [PortInfo(port: 0, name: "Piano")])
    }

    @Test("a session lasts until its last sound: not a file's end-of-track nor a later controller")
    func durationEndsWithTheLastSound() throws {
        let library = try Library.inMemory()
        let ms: Int64 = 1_000_000
        let events = [
            RawEvent(time: 500 * ms, port: 0, bytes: [0x90, 60, 64]),
            RawEvent(time: 1000 * ms, port: 0, bytes: [0xB0, 64, 127]),
            RawEvent(time: 1500 * ms, port: 0, bytes: [0x80, 60, 0]),
            // The pedal holds the note until here: the end of the last sound.
            RawEvent(time: 2500 * ms, port: 0, bytes: [0xB0, 64, 0]),
            RawEvent(time: 4000 * ms, port: 0, bytes: [0xB0, 1, 20]),
        ]
        let id = try library.importSession(
            NewSession(start: Date(), sourceKind: .import, source: "x.mid"),
            ports: [PortInfo(port: 0, name: "p")],
            events: events
        )
        let session = try library.session(id)
        #expect(session.durationNs == 2500 * ms)
        #expect(session.lastEventNs == 4000 * ms)
        #expect(session.activeNs == 2000 * ms)
    }

    @Test("opening an older library recomputes the stored lengths of its closed sessions")
    func migrationRecomputesDurations() throws {
        let root = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let path = root + "/library.sqlite"
        do {
            let library = try Library(path: path)
            _ = try library.importSession(
                NewSession(start: Date(), sourceKind: .import, source: "a.mid"),
                ports: [PortInfo(port: 0, name: "p")],
                events: noteEvents(count: 10)
            )
            // Back to before the migration, with the length the old rule stored for an import:
            // the file's end-of-track, 9 s.
            try library.write { db in
                try db.execute(sql: "UPDATE session SET durationNs = 9000000000")
                try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier LIKE 'v3 %'")
            }
            #expect(try library.session(1).durationNs == 9_000_000_000)
        }
        let session = try Library(path: path).session(1)
        #expect(session.durationNs == 95_000_000)
        #expect(session.state == .closed && session.noteCount == 10)
    }

    @Test("a path that cannot hold a library gives an error naming it")
    func badPath() {
        #expect(throws: LibraryError.self) { try Library(path: "/proc/woodshed/library.sqlite") }
    }

    @Test("a batch of 10,000 events through the session writer comes back exactly")
    func batchAppend() throws {
        let library = try Library.inMemory()
        let writer = try SessionWriter(
            library: library,
            session: NewSession(start: Date(), sourceKind: .capture, source: "Test Keyboard"),
            ports: [PortInfo(port: 0, name: "Test Keyboard", address: "24:0")]
        )
        let events = noteEvents(count: 5_000, spacing: 1_000_000)
        for (index, event) in events.enumerated() {
            writer.append(event)
            if index % 1000 == 999 { try writer.flush() }
        }
        writer.recordOverrun(time: 42, count: 3)
        writer.addPort(PortInfo(port: 1, name: "Pads", address: "28:0"))
        try writer.close()
        let stored = try library.events(session: writer.sessionID!)
        #expect(stored == events)
        let session = try library.session(writer.sessionID!)
        #expect(session.noteCount == 5_000)
        #expect(session.overrunCount == 3)
        #expect(session.state == .closed)
        #expect(session.durationNs == events.last!.time)
        #expect(try library.overruns(session: writer.sessionID!).map(\.count) == [3])
        #expect(try library.ports(session: writer.sessionID!).map(\.name) == ["Test Keyboard", "Pads"])
    }

    @Test("an unclosed session is closed at its last event on the next open")
    func recovery() throws {
        let root = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let path = root + "/library.sqlite"
        let id: Int64
        do {
            let library = try Library(path: path)
            id = try library.createSession(NewSession(start: Date(), sourceKind: .capture, source: "Keys"))
            try library.appendEvents(noteEvents(count: 3, spacing: 100_000_000), to: id)
            _ = try library.createSession(NewSession(start: Date(), sourceKind: .capture, source: "empty"))
            // The process "dies" here: nothing closes the sessions.
        }
        let library = try Library(path: path)
        #expect(try library.recoverUnclosedSessions() == [id])
        let sessions = try library.sessions()
        #expect(sessions.map(\.id) == [id])
        #expect(sessions[0].state == .recovered)
        #expect(sessions[0].durationNs == 250_000_000)
        #expect(sessions[0].noteCount == 3)
        #expect(try library.recoverUnclosedSessions().isEmpty)
    }

    @Test("a live recorder's open session is left alone")
    func recoveryRespectsLiveRecorder() throws {
        let root = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let path = root + "/library.sqlite"
        let library = try Library(path: path)
        let lock = try RecorderLock(libraryPath: path)
        #expect(throws: RecorderLockError.self) { try RecorderLock(libraryPath: path) }
        let id = try library.createSession(NewSession(start: Date(), sourceKind: .capture, source: "Keys"))
        try library.appendEvents(noteEvents(count: 1), to: id)
        #expect(try library.recoverUnclosedSessions().isEmpty)
        #expect(try library.session(id).state == .open)
        withExtendedLifetime(lock) {}
    }

    @Test("tags: user tags survive re-analysis, automatic ones are replaced")
    func tags() throws {
        let library = try Library.inMemory()
        let id = try library.importSession(
            NewSession(start: Date(), sourceKind: .import, source: "x"),
            ports: [],
            events: noteEvents(count: 1)
        )
        try library.addTag("lesson", to: id)
        try library.setAutomaticTags(["scales", "D minor"], for: id)
        #expect(try library.session(id).tags == ["D minor", "lesson", "scales"])
        try library.setAutomaticTags(["arpeggios", "lesson"], for: id)
        #expect(try library.tags(session: id).map(\.name) == ["arpeggios", "lesson"])
        #expect(try library.tags(session: id).first { $0.name == "lesson" }?.origin == .user)
        #expect(try library.sessions(tag: "arpeggios").map(\.id) == [id])
        // Found by one tag, listed with all of them; an automatic tag never demotes a user's.
        #expect(try library.sessions(tag: "lesson").map(\.tags) == [["arpeggios", "lesson"]])
        try library.addTag("lesson", to: id, origin: .auto)
        #expect(try library.tags(session: id).first { $0.name == "lesson" }?.origin == .user)
        try library.addTag("arpeggios", to: id, origin: .user)
        #expect(try library.tags(session: id).first { $0.name == "arpeggios" }?.origin == .user)
        #expect(try library.sessions(tag: "nothing").isEmpty)
        #expect(try library.removeTag("lesson", from: id))
        #expect(try !library.removeTag("lesson", from: id))
        #expect(throws: LibraryError.noSuchSession(99)) { try library.addTag("x", to: 99) }
    }

    @Test("deleting a session removes its events, tags and analysis")
    func delete() throws {
        let library = try Library.inMemory()
        let id = try library.importSession(
            NewSession(start: Date(), sourceKind: .import, source: "x"),
            ports: [PortInfo(port: 0, name: "p")],
            events: noteEvents(count: 4)
        )
        try library.addTag("t", to: id)
        try library.storeAnalysis(Data("{}".utf8), analyzerVersion: 1, for: id)
        #expect(try library.analysis(session: id)?.report == Data("{}".utf8))
        try library.deleteSession(id)
        let leftovers = try library.read { db in
            try Int.fetchOne(
                db,
                sql:
                    "SELECT (SELECT COUNT(*) FROM event) + (SELECT COUNT(*) FROM tag) + (SELECT COUNT(*) FROM analysis) + (SELECT COUNT(*) FROM sessionPort)"
            )
        }
        #expect(leftovers == 0)
        #expect(throws: LibraryError.noSuchSession(id)) { try library.deleteSession(id) }
    }
}

/// Materials: pieces kept across sessions (migration "v2 materials").
struct MaterialLibraryTests {
    @Test func materialsAreAddedRenamedLinkedAndUpdated() throws {
        let library = try Library.inMemory()
        let session = try library.createSession(
            NewSession(start: Date(timeIntervalSince1970: 0), sourceKind: .import, source: "test")
        )
        let id = try library.addMaterial(name: "Piece", fingerprint: Data([1, 2, 3]))
        try library.renameMaterial(id, to: "Für Elise")
        try library.updateMaterialFingerprint(id, fingerprint: Data([4]))
        try library.linkMaterials([id, id], to: session)
        let stored = try #require(try library.materials().first)
        #expect(stored.name == "Für Elise" && stored.fingerprint == Data([4]) && stored.sessionCount == 1)
        #expect(throws: LibraryError.self) { try library.renameMaterial(id + 1, to: "x") }
        try library.deleteSession(session)
        #expect(try library.materials().first?.sessionCount == 0)
    }
}
