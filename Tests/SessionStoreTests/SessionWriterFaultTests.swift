import Foundation
import GRDB
import MIDICore
import Testing

@testable import SessionStore

/// What the recorder's writer does when the library cannot take writes (issue 10): a bounded
/// buffer whose overflow is counted and stored, and a recovery log instead of a loss.
@Suite("Session writer faults")
struct SessionWriterFaultTests {
    private func makeWriter(_ folder: String, bufferLimit: Int = SessionWriter.bufferLimit) throws -> SessionWriter {
        let library = try Library(path: folder + "/library.sqlite")
        return try SessionWriter(
            library: library,
            session: NewSession(start: Date(timeIntervalSince1970: 1_764_000_000), sourceKind: .stream, source: "-"),
            ports: [PortInfo(port: 0, name: "keys", address: "-")],
            bufferLimit: bufferLimit
        )
    }

    @Test("events past the buffer's limit are counted and stored as an overrun")
    func overflowIsCountedAndStored() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let limit = 1_000
        let writer = try makeWriter(folder, bufferLimit: limit)
        writer.append(contentsOf: (0..<limit + 5).map { RawEvent(time: Int64($0), port: 0, bytes: [0xB0, 1, 2]) })
        writer.append(RawEvent(time: Int64(limit + 5), port: 0, bytes: [0xB0, 1, 3]))
        #expect(writer.bufferedCount == limit)
        #expect(writer.overflowCount == 6)
        try writer.flush()
        let overruns = try writer.library.overruns(session: writer.sessionID!)
        #expect(overruns.map(\.count) == [6])
        #expect(overruns.first?.time == Int64(limit))
    }

    @Test("what cannot be written at the end goes to a recovery log beside the library")
    func recoveryLog() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let writer = try makeWriter(folder)
        writer.append(RawEvent(time: 1_500_000_000, port: 0, bytes: [0x90, 60, 0]))
        writer.append(RawEvent(time: 2_000_000_001, port: 0, bytes: [0xF0, 0x7D, 0xF7]))
        let saved = try #require(try writer.writeRecoveryLog(now: Date(timeIntervalSince1970: 1_764_000_100)))
        #expect(saved.events == 2)
        #expect(saved.path == folder + "/library.sqlite.recovery-session-\(writer.sessionID!)-1764000100.txt")
        let text = try String(contentsOfFile: saved.path, encoding: .utf8)
        #expect(text.contains("1.500000000\t0\t90 3C 00\n"))
        #expect(text.contains("2.000000001\t0\tF0 7D F7\n"))
        #expect(writer.bufferedCount == 0)
        #expect(try writer.writeRecoveryLog() == nil)
    }

    /// A trigger that fails every new session row, as a full disk fails its insert; dropped
    /// when the test gives the space back.
    static let injectedFullDisk =
        "CREATE TRIGGER injectedFullDisk BEFORE INSERT ON session BEGIN SELECT RAISE(FAIL, 'database or disk is full'); END"

    private static func events(_ range: Range<Int>) -> [RawEvent] {
        range.map { RawEvent(time: Int64($0) * 1_000_000, port: 0, bytes: [$0 % 2 == 0 ? 0x90 : 0x80, 60, 64]) }
    }

    @Test("a session the library cannot create yet is created, with every event, by the first flush that can write")
    func sessionCreatedOnceTheLibraryTakesWrites() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let library = try Library(path: folder + "/library.sqlite")
        let injector = try DatabaseQueue(path: folder + "/library.sqlite")
        try injector.write { try $0.execute(sql: Self.injectedFullDisk) }
        let writer = SessionWriter(
            library: library,
            opening: NewSession(start: Date(timeIntervalSince1970: 1_764_000_000), sourceKind: .stream, source: "-"),
            ports: [PortInfo(port: 0, name: "keys", address: "-")]
        )
        #expect(writer.sessionID == nil)
        writer.append(contentsOf: Self.events(0..<500))
        let failure = #expect(throws: (any Error).self) { try writer.flush() }
        #expect(failure.map { "\($0)" }?.contains("disk is full") == true)
        writer.append(contentsOf: Self.events(500..<1_000))
        #expect(throws: (any Error).self) { try writer.close() }
        #expect(writer.bufferedCount == 1_000)
        #expect(try library.sessions().isEmpty)

        try injector.write { try $0.execute(sql: "DROP TRIGGER injectedFullDisk") }
        #expect(try writer.flush() == 1_000)
        let id = try #require(writer.sessionID)
        #expect(try library.events(session: id) == Self.events(0..<1_000))
        #expect(try library.ports(session: id).map(\.name) == ["keys"])
        writer.append(contentsOf: Self.events(1_000..<1_010))
        try writer.close()
        #expect(try library.events(session: id) == Self.events(0..<1_010))
        #expect(try library.session(id).state == .closed)
        #expect(try library.sessions().count == 1)
    }

    @Test("a session never created is recovered as session-new, in the temporary folder when its own is gone")
    func recoveryOfANeverCreatedSession() throws {
        let folder = temporaryFolder()
        let library = try Library(path: folder + "/library.sqlite")
        let injector = try DatabaseQueue(path: folder + "/library.sqlite")
        try injector.write { try $0.execute(sql: Self.injectedFullDisk) }
        let writer = SessionWriter(
            library: library,
            opening: NewSession(start: Date(timeIntervalSince1970: 1_764_000_000), sourceKind: .stream, source: "-")
        )
        writer.append(contentsOf: Self.events(0..<3))
        // The library's folder disappears (an unmounted disk): the log goes to the temporary folder.
        try FileManager.default.removeItem(atPath: folder)
        let saved = try #require(try writer.writeRecoveryLog(now: Date(timeIntervalSince1970: 1_764_000_200)))
        defer { try? FileManager.default.removeItem(atPath: saved.path) }
        let temporary = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        #expect(saved.path == temporary + "/library.sqlite.recovery-session-new-1764000200.txt")
        #expect(saved.events == 3)
        let text = try String(contentsOfFile: saved.path, encoding: .utf8)
        #expect(text.hasPrefix("# woodshed recovery: session new (started "))
        #expect(text.hasSuffix("0.000000000\t0\t90 3C 40\n0.001000000\t0\t80 3C 40\n0.002000000\t0\t90 3C 40\n"))
    }
}
