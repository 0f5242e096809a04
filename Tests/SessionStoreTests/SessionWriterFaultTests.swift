import Foundation
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
        let overruns = try writer.library.overruns(session: writer.sessionID)
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
        #expect(saved.path == folder + "/library.sqlite.recovery-session-\(writer.sessionID)-1764000100.txt")
        let text = try String(contentsOfFile: saved.path, encoding: .utf8)
        #expect(text.contains("1.500000000\t0\t90 3C 00\n"))
        #expect(text.contains("2.000000001\t0\tF0 7D F7\n"))
        #expect(writer.bufferedCount == 0)
        #expect(try writer.writeRecoveryLog() == nil)
    }
}
