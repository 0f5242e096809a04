import Foundation
import GRDB
import MIDICore
import Testing

@testable import SessionStore

/// A library is never harmed by opening it (issue 10): a foreign SQLite file and a damaged
/// library are refused and keep their bytes; read-only opening writes nothing.
@Suite("Library protection")
struct LibraryProtectionTests {
    /// A sound library with two sessions, checkpointed into its main file.
    private func makeLibrary(_ folder: String) throws -> String {
        let path = folder + "/library.sqlite"
        let library = try Library(path: path)
        for index in 0..<2 {
            _ = try library.importSession(
                NewSession(
                    start: Date(timeIntervalSince1970: 1_764_000_000 + Double(index) * 3600),
                    sourceKind: .import,
                    source: "s\(index).mid"
                ),
                ports: [PortInfo(port: 0, name: "track 1", address: "file")],
                events: noteEvents(count: 200)
            )
        }
        try library.writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        return path
    }

    @Test("a foreign SQLite file is refused and left as it was")
    func foreignDatabase() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/other.sqlite"
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
            try db.execute(sql: "INSERT INTO notes (text) VALUES ('someone else''s data')")
        }
        try queue.close()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        for mode in [Library.Mode.readWrite, .readOnly] {
            #expect {
                _ = try Library(path: path, mode: mode)
            } throws: { error in
                guard case LibraryError.notALibrary(_, let reason) = error else { return false }
                return reason.contains("notes")
            }
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
    }

    @Test("another program's application_id and a file that is not SQLite are refused")
    func notSQLite() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let text = folder + "/notes.txt"
        try Data("hello, not a database".utf8).write(to: URL(fileURLWithPath: text))
        #expect(throws: LibraryError.notALibrary(text, reason: "it is not an SQLite database")) {
            try Library(path: text)
        }
        let other = folder + "/app.sqlite"
        let queue = try DatabaseQueue(path: other)
        try queue.write { db in try db.execute(sql: "PRAGMA application_id = 1234; CREATE TABLE t (x)") }
        try queue.close()
        #expect(throws: LibraryError.self) { try Library(path: other) }
    }

    @Test("a damaged library is refused for writing, untouched, and read as far as it can be")
    func damagedLibrary() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = try makeLibrary(folder)
        // The first page stays intact; later pages (the event table's) become noise.
        let handle = try #require(FileHandle(forUpdatingAtPath: path))
        let size = try handle.seekToEnd()
        try handle.seek(toOffset: 4096 * 3)
        let noise = (0..<Int(min(size - 4096 * 3, 4096 * 4))).map { UInt8(truncatingIfNeeded: $0 &* 151) }
        handle.write(Data(noise))
        try handle.close()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect {
            _ = try Library(path: path)
        } throws: { error in
            if case LibraryError.damaged = error { return true }
            return false
        }
        _ = try? Library(path: path, mode: .readOnly).sessions()
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)

        let checkup = try Library.checkup(path: path, copyTo: folder + "/rescued.sqlite")
        #expect(!checkup.isSound)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        let rescued = try Library(path: folder + "/rescued.sqlite")
        #expect(try rescued.sessions().count == checkup.copied.count)
        #expect(checkup.copied.count + checkup.lost.count >= 1)
    }

    @Test("doctor copies every session of a sound library")
    func doctorCopiesSoundLibrary() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = try makeLibrary(folder)
        let checkup = try Library.checkup(path: path, copyTo: folder + "/copy.sqlite")
        #expect(checkup.isSound)
        #expect(checkup.copied.map(\.events) == [400, 400])
        let original = try Library(path: path, mode: .readOnly)
        let copy = try Library(path: folder + "/copy.sqlite", mode: .readOnly)
        for (from, to, _) in checkup.copied {
            #expect(try original.events(session: from) == copy.events(session: to))
            #expect(try original.session(from).durationNs == copy.session(to).durationNs)
        }
    }

    @Test("read-only opening writes nothing and creates nothing")
    func readOnlyOpening() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let missing = folder + "/none/library.sqlite"
        #expect(try Library(path: missing, mode: .readOnly).sessions().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: folder + "/none"))
        let path = try makeLibrary(folder)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let library = try Library(path: path, mode: .readOnly)
        #expect(library.isReadOnly)
        #expect(try library.sessions().count == 2)
        #expect(throws: LibraryError.self) { try library.addTag("x", to: 1) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test("a new library carries Woodshed's application_id")
    func applicationID() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = try makeLibrary(folder)
        let bytes = try #require(FileManager.default.contents(atPath: path))
        #expect(Array(bytes[68..<72]) == Array("WSHD".utf8))
    }

    /// A closed WAL library whose side files cannot be made — here its `-wal` is a link into a
    /// folder that does not exist, as a read-only folder or a full disk refuse them to a user
    /// who is not root (root ignores permissions, so tests cannot chmod).
    private func closedLibraryWithoutSideFiles(_ folder: String) throws -> String {
        let path = try makeLibrary(folder)
        for side in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + side) }
        try FileManager.default.createSymbolicLink(
            atPath: path + "-wal",
            withDestinationPath: "/nonexistent-woodshed/wal"
        )
        return path
    }

    @Test("a WAL library whose side files cannot be made is read immutable, untouched")
    func readOnlyWithoutSideFiles() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = try closedLibraryWithoutSideFiles(folder)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let library = try Library(path: path, mode: .readOnly)
        #expect(try library.sessions().map(\.source) == ["s1.mid", "s0.mid"])
        #expect(try library.events(session: library.sessions()[0].id) == noteEvents(count: 200))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == [
                "library.sqlite", "library.sqlite-wal",
            ]
        )
    }

    @Test("a library whose WAL holds data is not read immutable (that data would be missed)")
    func noImmutableReadOverAWAL() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = try makeLibrary(folder)
        for side in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + side) }
        // A WAL with content (4 KiB of it), and no -shm that can be made: a folder stands there.
        try Data(repeating: 7, count: 4096).write(to: URL(fileURLWithPath: path + "-wal"))
        try FileManager.default.createDirectory(atPath: path + "-shm", withIntermediateDirectories: false)
        #expect(throws: LibraryError.self) { try Library(path: path, mode: .readOnly) }
    }
}
