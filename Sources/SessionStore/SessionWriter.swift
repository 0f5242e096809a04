public import Foundation
import GRDB
import Synchronization

/// Appends a live session's events cheaply and makes them durable within a bounded time.
///
/// `append` only takes a lock and copies into a buffer (nanoseconds), so the capture path never
/// waits for the disk. The owner calls ``flush()`` on a short timer (the recorder: every 100 ms):
/// one transaction commits everything buffered, fsync'ed (WAL, `synchronous=FULL`), so a kill -9
/// or power loss loses at most one flush interval plus one commit — well under 250 ms.
/// If a flush fails (disk full, a read-only or locked library), the events stay buffered and
/// the next flush retries them. The buffer holds at most ``bufferLimit`` events; events past it
/// are counted and the count is stored as an overrun when the library takes writes again. When
/// the session cannot be written at its end, ``writeRecoveryLog(now:)`` puts what is
/// buffered in a plain event log beside the library instead of dropping it.
/// A writer made with ``init(library:opening:ports:bufferLimit:)`` also survives a library
/// that cannot even create the session (a disk already full when the first note comes): its
/// session row is inserted by the first flush that can write, in the same transaction as the
/// events buffered until then.
public final class SessionWriter: Sendable {
    /// The most events kept in memory while the library cannot be written: 1,000,000 (about
    /// 80 MB; 16 minutes of the densest playing at 1,000 events a second, hours of practice).
    public static let bufferLimit = 1_000_000

    public let library: Library
    /// The session being written, nil while the library has not yet been able to create it.
    public var sessionID: Int64? { pending.withLock { $0.sessionID } }

    private struct Pending {
        /// The session's row, once created.
        var sessionID: Int64?
        /// The session to create (with its first ports) at the next flush, while it is not.
        var unborn: (session: NewSession, ports: [PortInfo])?
        var events: [RawEvent] = []
        var ports: [PortInfo] = []
        var overruns: [(time: Int64, count: Int)] = []
        var closed = false
        /// The overrun entry counting events past ``bufferLimit`` now, if any.
        var overflowEntry: Int?
        /// Events dropped past the limit since the writer was made.
        var overflowed = 0

        /// This writer's ``SessionWriter/bufferLimit``.
        var limit = SessionWriter.bufferLimit

        mutating func add(_ event: RawEvent) {
            guard events.count < limit else {
                if overflowEntry == nil {
                    overruns.append((event.time, 0))
                    overflowEntry = overruns.count - 1
                }
                overruns[overflowEntry!].count += 1
                overflowed += 1
                return
            }
            events.append(event)
        }
    }

    private let pending = Mutex(Pending())
    /// Serialises flushes so events are committed in append order.
    private let flushing = Mutex(())

    /// Creates a new open session in `library` and a writer for it, buffering at most
    /// `bufferLimit` events while the library cannot be written.
    /// - Throws: when the library cannot create the session.
    public convenience init(
        library: Library,
        session: NewSession,
        ports: [PortInfo] = [],
        bufferLimit: Int = SessionWriter.bufferLimit
    ) throws {
        self.init(library: library, bufferLimit: bufferLimit)
        let id = try library.createSession(session, ports: ports)
        pending.withLock { $0.sessionID = id }
    }

    /// A writer for a new session whose row its first ``flush()`` inserts, in the same
    /// transaction as the events buffered until then: one commit (one fsync) makes the session
    /// and its first notes durable, so a recorder killed a moment after the first note keeps it.
    /// A library that cannot be written then (a full disk, a read-only or locked library) gets
    /// the session with the first flush that can write; ``sessionID`` stays nil until then.
    public convenience init(
        library: Library,
        opening session: NewSession,
        ports: [PortInfo] = [],
        bufferLimit: Int = SessionWriter.bufferLimit
    ) {
        self.init(library: library, bufferLimit: bufferLimit)
        pending.withLock { $0.unborn = (session, ports) }
    }

    /// Runs what a session's first commit runs — a session row with its port, events, an
    /// overrun — in a transaction that is rolled back, leaving the library as it was.
    ///
    /// A process's first commit pays one-time costs: the Swift runtime's type metadata and
    /// protocol conformance lookups, SQLite's schema parse and statement compilation, the time
    /// zone's name. About 10 ms on a desktop CPU, ten to thirty times that on a Raspberry Pi
    /// or an emulated one — enough, paid at the first note, to leave it undurable for more
    /// than 250 ms. A recorder calls this once at start so that cost is paid before anyone
    /// plays. O(1).
    /// - Throws: when the library cannot be written (the recorder's first flush says so too).
    public static func prepare(_ library: Library) throws {
        do {
            try library.writer.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    let session = NewSession(start: Date(), sourceKind: .capture, source: "prepare")
                    let id = try Library.insertSession(
                        db,
                        session,
                        ports: [PortInfo(port: 0, name: "prepare", address: "")]
                    )
                    try PortRecord(PortInfo(port: 1, name: "prepare", address: ""), session: id)
                        .insert(db, onConflict: .replace)
                    let events = [
                        RawEvent(time: 0, port: 0, bytes: [0x90, 60, 1]),
                        RawEvent(time: 1, port: 0, bytes: [0x80, 60, 0]),
                    ]
                    try Library.insertEvents(db, events, session: id)
                    try Library.insertOverrun(db, OverrunRecord(sessionId: id, timeNs: 1, count: 1))
                    return .rollback
                }
            }
        } catch {
            throw LibraryError.database(library.path ?? ":memory:", reason: Library.describe(error, path: library.path))
        }
    }

    private init(library: Library, bufferLimit: Int) {
        self.library = library
        pending.withLock { $0.limit = max(1, bufferLimit) }
    }

    /// Buffers one event (ns from session start). O(1) amortised; never touches the disk.
    public func append(_ event: RawEvent) {
        pending.withLock { $0.add(event) }
    }

    /// Buffers several events.
    public func append(contentsOf events: some Sequence<RawEvent>) {
        pending.withLock { state in
            if state.events.count + events.underestimatedCount < state.limit && state.overflowEntry == nil {
                state.events.append(contentsOf: events)
                if state.events.count > state.limit {
                    let extra = Array(state.events[state.limit...])
                    state.events.removeLast(extra.count)
                    for event in extra { state.add(event) }
                }
            } else {
                for event in events { state.add(event) }
            }
        }
    }

    /// Buffers a port registration (a device attached mid-session).
    public func addPort(_ port: PortInfo) {
        pending.withLock { $0.ports.append(port) }
    }

    /// Buffers an overrun note: `count` events lost at `time`.
    public func recordOverrun(time: Int64, count: Int) {
        pending.withLock { $0.overruns.append((time, count)) }
    }

    /// Events buffered and not yet committed.
    public var bufferedCount: Int { pending.withLock { $0.events.count } }

    /// Events dropped because the buffer was full (stored as overruns once written).
    public var overflowCount: Int { pending.withLock { $0.overflowed } }

    /// Commits everything buffered in one transaction. On failure the batch is put back in
    /// front of newer events, so nothing is lost and order is kept.
    /// - Returns: the number of events committed.
    @discardableResult
    public func flush() throws -> Int {
        try flushing.withLock { _ in
            let batch = pending.withLock { state -> Pending in
                let batch = Pending(
                    sessionID: state.sessionID,
                    unborn: state.unborn,
                    events: state.events,
                    ports: state.ports,
                    overruns: state.overruns
                )
                state.events.removeAll(keepingCapacity: true)
                state.ports.removeAll()
                state.overruns.removeAll()
                state.overflowEntry = nil
                return batch
            }
            guard !batch.events.isEmpty || !batch.ports.isEmpty || !batch.overruns.isEmpty || batch.unborn != nil
            else { return 0 }
            do {
                let sessionID = try library.write { db in
                    // A session the library could not create before is created with its events.
                    let sessionID =
                        try batch.sessionID
                        ?? Library.insertSession(db, batch.unborn!.session, ports: batch.unborn!.ports)
                    for port in batch.ports {
                        try PortRecord(port, session: sessionID).insert(db, onConflict: .replace)
                    }
                    try Library.insertEvents(db, batch.events, session: sessionID)
                    for overrun in batch.overruns {
                        try Library.insertOverrun(
                            db,
                            OverrunRecord(sessionId: sessionID, timeNs: overrun.time, count: overrun.count)
                        )
                    }
                    return sessionID
                }
                pending.withLock { state in
                    state.sessionID = sessionID
                    state.unborn = nil
                }
            } catch {
                pending.withLock { state in
                    state.events.insert(contentsOf: batch.events, at: 0)
                    state.ports.insert(contentsOf: batch.ports, at: 0)
                    state.overruns.insert(contentsOf: batch.overruns, at: 0)
                    state.overflowEntry = state.overflowEntry.map { $0 + batch.overruns.count }
                    // Events appended during the failed commit may pass the limit: the newest go.
                    let extra = state.events.count - state.limit
                    if extra > 0 {
                        state.overruns.append((state.events[state.limit].time, extra))
                        state.overflowed += extra
                        state.events.removeLast(extra)
                    }
                }
                throw error
            }
            return batch.events.count
        }
    }

    /// Flushes and closes the session; it ends with its last sound (see ``Library/closeSession(_:state:)``).
    public func close() throws {
        try flush()
        guard let sessionID else { return }
        try library.closeSession(sessionID)
    }

    /// Writes every buffered event to a new file beside the library, in `woodshed export --raw`'s
    /// plain format (seconds from session time 0, port, bytes in hex), and forgets them: for the
    /// end of a recording whose library cannot take them. The file is named
    /// `LIBRARY.recovery-session-ID-UNIXTIME.txt` (`session-new` for a session the library never
    /// created); when that folder cannot take it (the same full disk), the same name goes in
    /// the temporary folder (`$TMPDIR`, else /tmp).
    /// - Returns: the file's path and how many events it holds; nil when nothing was buffered.
    /// - Throws: when the file cannot be written anywhere (the events stay buffered).
    public func writeRecoveryLog(now: Date = Date()) throws -> (path: String, events: Int)? {
        let state = pending.withLock { $0 }
        guard !state.events.isEmpty || state.overflowed > 0 else { return nil }
        let base = library.path ?? (NSTemporaryDirectory() + "woodshed")
        let session = state.sessionID.map(String.init) ?? "new"
        let name = "\(base).recovery-session-\(session)-\(Int64(now.timeIntervalSince1970)).txt"
        let startTime =
            state.unborn.map {
                " (started \(ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double($0.session.startNs) / 1e9))))"
            } ?? ""
        var text =
            "# woodshed recovery: session \(session)\(startTime) of \(base), \(state.events.count) events not written"
        text += state.overflowed > 0 ? ", \(state.overflowed) more lost past the buffer's limit\n" : "\n"
        for port in state.ports { text += "# port \(port.port): \(port.name) \(port.address)\n" }
        text += "# seconds\tport\tbytes\n"
        let digits = Array("0123456789ABCDEF")
        for event in state.events {
            let hex = event.bytes.map { String([digits[Int($0 >> 4)], digits[Int($0 & 0xF)]]) }.joined(separator: " ")
            let seconds =
                "\(event.time / 1_000_000_000).\(String(1_000_000_000 + event.time % 1_000_000_000).dropFirst())"
            text += "\(seconds)\t\(event.port)\t\(hex)\n"
        }
        let temporary = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        let fallback = temporary + "/" + (name as NSString).lastPathComponent
        let path: String
        do {
            path = name
            try Self.writeDurably(Array(text.utf8), to: path)
        } catch {
            guard (try? Self.writeDurably(Array(text.utf8), to: fallback)) != nil else { throw error }
            return finishRecovery(state, path: fallback)
        }
        return finishRecovery(state, path: path)
    }

    private func finishRecovery(_ state: Pending, path: String) -> (path: String, events: Int) {
        pending.withLock { $0 = Pending(sessionID: state.sessionID, closed: true, limit: state.limit) }
        return (path, state.events.count)
    }

    /// Writes a new file (0600, never over an existing one) and fsyncs it; a file that could
    /// not be written whole is removed.
    private static func writeDurably(_ bytes: [UInt8], to path: String) throws {
        let fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw LibraryError.cannotOpen(path, reason: String(cString: strerror(errno))) }
        defer { closeDescriptor(fd) }
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard count > 0 else {
                let reason = String(cString: strerror(errno))
                unlink(path)
                throw LibraryError.cannotOpen(path, reason: reason)
            }
            written += count
        }
        guard fsync(fd) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(path)
            throw LibraryError.cannotOpen(path, reason: reason)
        }
    }
}

/// `close(2)`, outside ``SessionWriter`` whose own `close()` hides it.
private func closeDescriptor(_ fd: Int32) { _ = close(fd) }
