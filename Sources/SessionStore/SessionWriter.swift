import Foundation
import Synchronization

/// Appends a live session's events cheaply and makes them durable within a bounded time.
///
/// `append` only takes a lock and copies into a buffer (nanoseconds), so the capture path never
/// waits for the disk. The owner calls ``flush()`` on a short timer (the recorder: every 100 ms):
/// one transaction commits everything buffered, fsync'ed (WAL, `synchronous=FULL`), so a kill -9
/// or power loss loses at most one flush interval plus one commit — well under 250 ms.
/// If a flush fails (disk full), the events stay buffered and the next flush retries them.
public final class SessionWriter: Sendable {
    public let library: Library
    public let sessionID: Int64

    private struct Pending {
        var events: [RawEvent] = []
        var ports: [PortInfo] = []
        var overruns: [(time: Int64, count: Int)] = []
        var closed = false
    }

    private let pending = Mutex(Pending())
    /// Serialises flushes so events are committed in append order.
    private let flushing = Mutex(())

    /// Creates a new open session in `library` and a writer for it.
    public init(library: Library, session: NewSession, ports: [PortInfo] = []) throws {
        self.library = library
        self.sessionID = try library.createSession(session, ports: ports)
    }

    /// Buffers one event (ns from session start). O(1) amortised; never touches the disk.
    public func append(_ event: RawEvent) {
        pending.withLock { $0.events.append(event) }
    }

    /// Buffers several events.
    public func append(contentsOf events: some Sequence<RawEvent>) {
        pending.withLock { $0.events.append(contentsOf: events) }
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
}
