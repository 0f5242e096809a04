public import Foundation
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
/// the session cannot be written at its end, ``writeRecoveryLog(besides:)`` puts what is
/// buffered in a plain event log beside the library instead of dropping it.
public final class SessionWriter: Sendable {
    /// The most events kept in memory while the library cannot be written: 1,000,000 (about
    /// 80 MB; 16 minutes of the densest playing at 1,000 events a second, hours of practice).
    public static let bufferLimit = 1_000_000

    public let library: Library
    public let sessionID: Int64

    private struct Pending {
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
    public init(
        library: Library,
        session: NewSession,
        ports: [PortInfo] = [],
        bufferLimit: Int = SessionWriter.bufferLimit
    ) throws {
        self.library = library
        self.sessionID = try library.createSession(session, ports: ports)
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
                let batch = Pending(events: state.events, ports: state.ports, overruns: state.overruns)
                state.events.removeAll(keepingCapacity: true)
                state.ports.removeAll()
                state.overruns.removeAll()
                state.overflowEntry = nil
                return batch
            }
            guard !batch.events.isEmpty || !batch.ports.isEmpty || !batch.overruns.isEmpty else { return 0 }
            do {
                try library.write { db in
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
        try library.closeSession(sessionID)
    }

    /// Writes every buffered event to a new file beside the library, in `woodshed export --raw`'s
    /// plain format (seconds from session time 0, port, bytes in hex), and forgets them: for the
    /// end of a recording whose library cannot take them. The file is named
    /// `LIBRARY.recovery-session-ID-UNIXTIME.txt`.
    /// - Returns: the file's path and how many events it holds; nil when nothing was buffered.
    /// - Throws: when the file cannot be written either (the events stay buffered).
    public func writeRecoveryLog(now: Date = Date()) throws -> (path: String, events: Int)? {
        let state = pending.withLock { $0 }
        guard !state.events.isEmpty || state.overflowed > 0 else { return nil }
        let base = library.path ?? (NSTemporaryDirectory() + "woodshed")
        let path = "\(base).recovery-session-\(sessionID)-\(Int64(now.timeIntervalSince1970)).txt"
        var text = "# woodshed recovery: session \(sessionID) of \(base), \(state.events.count) events not written"
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
        let fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw LibraryError.cannotOpen(path, reason: String(cString: strerror(errno))) }
        defer { closeDescriptor(fd) }
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard count > 0 else { throw LibraryError.cannotOpen(path, reason: String(cString: strerror(errno))) }
            written += count
        }
        guard fsync(fd) == 0 else { throw LibraryError.cannotOpen(path, reason: String(cString: strerror(errno))) }
        pending.withLock { $0 = Pending(closed: true, limit: state.limit) }
        return (path, state.events.count)
    }
}

/// `close(2)`, outside ``SessionWriter`` whose own `close()` hides it.
private func closeDescriptor(_ fd: Int32) { _ = close(fd) }
