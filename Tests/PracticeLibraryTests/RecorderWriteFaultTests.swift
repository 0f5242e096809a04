import Foundation
import GRDBSQLite
import MIDICapture
import MIDICore
import PracticeLibrary
import SessionStore
import Synchronization
import Testing

/// A session that opens while the library cannot be written (a full disk) keeps its events in
/// the recorder's buffer and is stored whole once the library takes writes again (issue 10).
@Suite("Recorder write faults")
struct RecorderWriteFaultTests {
    /// A live source the test plays into, with a clock the test sets.
    final class LiveSource: CaptureSource {
        private let stream: AsyncStream<[CaptureEvent]>
        private let continuation: AsyncStream<[CaptureEvent]>.Continuation
        private let clock = Mutex<Nanoseconds>(0)

        var description: String { "live" }

        init() { (stream, continuation) = AsyncStream.makeStream(of: [CaptureEvent].self) }

        func start() throws -> AsyncStream<[CaptureEvent]> { stream }
        func stop() { continuation.finish() }
        func now() -> Nanoseconds { clock.withLock { $0 } }

        func play(_ batch: [CaptureEvent]) {
            for case .message(let message) in batch { clock.withLock { $0 = max($0, message.time) } }
            continuation.yield(batch)
        }
    }

    /// Runs SQL on the library's file through a connection of its own.
    static func execute(_ sql: String, on path: String) throws {
        var db: OpaquePointer?
        defer { sqlite3_close(db) }
        guard sqlite3_open(path, &db) == SQLITE_OK, sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else {
            throw CocoaError(.fileWriteUnknown)
        }
    }

    static let ms = Nanoseconds.nanosecondsPerMillisecond

    /// Polls `condition` every 20 ms until it holds, for at most 30 s (the caller's
    /// expectations then say what is missing).
    static func waitUntil(_ condition: () throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while try !condition(), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    static func notes(_ range: Range<Int>) -> [CaptureEvent] {
        range.map { i in
            let message: MIDIMessage =
                i % 2 == 0
                ? .noteOn(channel: 0, key: UInt8(40 + i / 2 % 40), velocity: 80)
                : .noteOff(channel: 0, key: UInt8(40 + i / 2 % 40), velocity: 64)
            return .message(CapturedMessage(time: (1_000 + Nanoseconds(i) * 10) * ms, device: 0, message: message))
        }
    }

    @Test(.timeLimit(.minutes(2)))
    func aSessionOpenedWhileTheDiskIsFullIsStoredWholeOnceSpaceReturns() async throws {
        let folder = NSTemporaryDirectory() + "woodshed-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/library.sqlite"
        let library = try Library(path: path)
        // Every new session row fails, as the insert of a full disk does.
        try Self.execute(
            "CREATE TRIGGER injectedFullDisk BEFORE INSERT ON session BEGIN SELECT RAISE(FAIL, 'database or disk is full'); END",
            on: path
        )
        let source = LiveSource()
        let log = EventLog()
        let recorder = Recorder(
            library: library,
            source: source,
            sourceKind: .stream,
            gap: 60_000 * Self.ms,
            observer: log
        )
        let running = Task { try await recorder.run() }
        source.play(Self.notes(0..<200))
        // Several flush ticks fail while the disk is "full". (Ticks come every 100 ms; on a
        // loaded machine, with every test running beside this one, they may come much later,
        // so what they do is awaited rather than timed.)
        func warnings() -> [String] { log.said.compactMap { if case .warning(let text) = $0 { text } else { nil } } }
        try await Self.waitUntil { !warnings().isEmpty }
        try await Task.sleep(for: .milliseconds(500))
        #expect(try library.sessions().isEmpty)
        #expect(warnings().contains { $0.hasPrefix("cannot write to the library (") && $0.contains("retrying") })
        #expect(warnings().count <= 1, "at most one warning a second: \(warnings())")

        try Self.execute("DROP TRIGGER injectedFullDisk", on: path)
        try await Self.waitUntil { try library.sessions().first != nil }
        let session = try #require(try library.sessions().first)
        #expect(try library.events(session: session.id).count == 200)
        source.play(Self.notes(200..<300))
        source.stop()
        try await running.value

        let stored = try library.events(session: session.id).map(\.bytes)
        #expect(stored == Self.notes(0..<300).map { if case .message(let m) = $0 { m.message.bytes } else { [] } })
        #expect(try library.sessions().count == 1)
        #expect(try library.session(session.id).state == .closed)
        let started = log.said.compactMap { if case .sessionStarted(let id) = $0 { id } else { nil } }
        #expect(started == [session.id])
    }
}
