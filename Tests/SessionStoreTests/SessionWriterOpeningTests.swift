import Foundation
import GRDB
import MIDICore
import Testing

@testable import SessionStore

/// How a recorder's session comes into the library: its row and its first notes in one commit,
/// with the first commit's one-time costs paid before anyone plays.
@Suite("Session writer opening")
struct SessionWriterOpeningTests {
    private static let start = Date(timeIntervalSince1970: 1_764_000_000)

    /// Commits made by any connection to the library at `path` (SQLite's data_version, read
    /// from a connection of its own, changes with each commit of another one).
    private static func commitMarker(_ observer: DatabaseQueue) throws -> Int {
        try observer.read { try Int.fetchOne($0, sql: "PRAGMA data_version") ?? 0 }
    }

    @Test("a new session's row and its first events are created by one commit, the first flush")
    func sessionAndFirstEventsInOneCommit() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let library = try Library(path: folder + "/library.sqlite")
        let observer = try DatabaseQueue(path: folder + "/library.sqlite")
        let before = try Self.commitMarker(observer)
        let writer = SessionWriter(
            library: library,
            opening: NewSession(start: Self.start, sourceKind: .capture, source: "keys"),
            ports: [PortInfo(port: 0, name: "keys", address: "24:0")]
        )
        #expect(writer.sessionID == nil)
        #expect(try library.sessions().isEmpty)
        #expect(try Self.commitMarker(observer) == before)
        let note = [
            RawEvent(time: 0, port: 0, bytes: [0x90, 60, 80]),
            RawEvent(time: 9_000_000, port: 0, bytes: [0x80, 60, 0]),
        ]
        writer.append(contentsOf: note)
        #expect(try writer.flush() == 2)
        let afterFlush = try Self.commitMarker(observer)
        #expect(afterFlush != before)
        let id = try #require(writer.sessionID)
        #expect(try library.events(session: id) == note)
        #expect(try library.ports(session: id).map(\.name) == ["keys"])
        #expect(try library.session(id).state == .open)
        // Nothing new: no commit.
        #expect(try writer.flush() == 0)
        #expect(try Self.commitMarker(observer) == afterFlush)
    }

    @Test("a library's commits are fsync'ed: its writer runs synchronous=FULL, also after WAL is turned on")
    func commitsAreSynchronous() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for _ in 0..<2 {  // a new library, then the same one opened again
            let library = try Library(path: folder + "/library.sqlite")
            let level = try library.writer.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA synchronous") }
            #expect(level == 2)
            #expect(try library.writer.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") } == "wal")
        }
    }

    @Test("preparing a library for recording commits nothing and leaves its sessions and ids as they were")
    func prepareLeavesTheLibraryAsItWas() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let library = try Library(path: folder + "/library.sqlite")
        let first = try library.createSession(NewSession(start: Self.start, sourceKind: .capture, source: "keys"))
        try library.appendEvents([RawEvent(time: 0, port: 0, bytes: [0x90, 60, 80])], to: first)
        let observer = try DatabaseQueue(path: folder + "/library.sqlite")
        let before = try Self.commitMarker(observer)

        try SessionWriter.prepare(library)
        try SessionWriter.prepare(library)

        #expect(try Self.commitMarker(observer) == before)
        #expect(try library.sessions().map(\.id) == [first])
        #expect(try library.events(session: first).count == 1)
        #expect(try library.overruns(session: first).isEmpty)
        let second = try library.createSession(NewSession(start: Self.start, sourceKind: .capture, source: "keys"))
        #expect(second == first + 1)
    }

    @Test("preparing a read-only library says it cannot be written and changes nothing")
    func prepareOnAReadOnlyLibrary() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/library.sqlite"
        _ = try Library(path: path).createSession(NewSession(start: Self.start, sourceKind: .capture, source: "keys"))
        let readOnly = try Library(path: path, mode: .readOnly)
        #expect(throws: LibraryError.self) { try SessionWriter.prepare(readOnly) }
        #expect(try readOnly.sessions().count == 1)
    }
}
