import Foundation
public import MIDICapture
public import MIDICore
public import SessionStore

/// The always-on recording pipeline: capture events → sessions split at silences → library,
/// each closed session analysed in the background. It tells its front end what happens through
/// a ``RecorderObserver``.
///
/// Runs on one actor, so the capture consumer and the 100 ms flush timer never race. The
/// capture thread is never blocked by it: captured events wait in the source's stream while a
/// commit is on disk, up to its ``MIDICapture/CaptureBacklog`` limit (past it, messages are
/// dropped, counted, stored as an overrun of that many events and shown on the status line).
/// Memory is bounded for months of running: per-session
/// state is dropped when the session closes, latencies go into a fixed-size histogram, and
/// closed sessions are analysed one at a time.
public actor Recorder {
    /// How often buffered events are committed; durability is this plus one commit (< 250 ms).
    public static let flushInterval: Duration = .milliseconds(100)

    private let library: Library
    private let source: any CaptureSource
    private let sourceKind: SourceKind
    private let observer: any RecorderObserver
    private var splitter: SessionSplitter
    private var sounding = SoundingNotes()
    private var capture = CaptureStatistics()
    /// Sessions, overruns and latencies since the start.
    public private(set) var statistics = RecorderStatistics()
    private var current: OpenSession?
    private var sessionsOpened = 0
    /// Overruns that happened between sessions, and messages the capture queue dropped then;
    /// stored with the next session.
    private var unassignedOverruns = 0
    private var unassignedDropped = 0
    /// Why capture stopped, when it failed.
    public private(set) var failure: String?
    /// Set when the capture stream ended: a flush tick already queued must not redraw the status.
    private var stopped = false
    /// When the last "cannot write" warning was given (capture clock), nil while writes work.
    private var writeFailure: Nanoseconds?
    /// CLOCK_REALTIME minus the capture clock (CLOCK_MONOTONIC), for session start dates.
    private let wallClockOffset: Nanoseconds
    /// False when the source's clock is not real time (a file delivered at once): latencies
    /// would mean nothing.
    private let measuresLatency: Bool
    /// Wakes the flush timer when a session opens; between sessions it sleeps, so an idle
    /// recorder has no timer waking it up.
    private let wakeTicker: AsyncStream<Void>.Continuation
    private let tickerWakes: AsyncStream<Void>
    /// Closed sessions waiting for their analysis, made one at a time off the actor so a long
    /// analysis never delays the next session's commits; `run()` waits for them before it
    /// returns.
    private let analysisQueue: AsyncStream<Int64>.Continuation
    private let analysisWorker: Task<Void, Never>

    private struct OpenSession {
        var writer: SessionWriter
        var start: Nanoseconds
        /// Whether the observer has been told the session's id (not before the library made it).
        var announced = false
        var ports: [Int: UInt16] = [:]
        var messages = 0
        var notes = 0
        var overruns = 0
        /// Messages the capture queue dropped (counted in `overruns` once per drop report).
        var dropped = 0
        var devices: Set<Int> = []
        /// Capture times of events appended since the last flush (for the latency measurement).
        var unflushed: [Nanoseconds] = []
    }

    /// - Parameters:
    ///   - sourceKind: how sessions are stored (live capture, or a stream or file).
    ///   - gap: silence that ends a session, nanoseconds.
    ///   - measuresLatency: false when the source's clock is not real time (a file delivered
    ///     at once), so latencies would mean nothing.
    public init(
        library: Library,
        source: any CaptureSource,
        sourceKind: SourceKind,
        gap: Nanoseconds,
        observer: any RecorderObserver,
        measuresLatency: Bool = true
    ) {
        self.measuresLatency = measuresLatency
        self.library = library
        self.source = source
        self.sourceKind = sourceKind
        self.observer = observer
        self.splitter = SessionSplitter(gap: gap)
        self.wallClockOffset = SystemClock.realtime() - SystemClock.monotonic()
        (tickerWakes, wakeTicker) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let (closed, queue) = AsyncStream.makeStream(of: Int64.self)
        analysisQueue = queue
        analysisWorker = Task { [library, observer] in
            for await id in closed { await Self.analyze(id, in: library, observer: observer) }
        }
    }

    deinit { analysisQueue.finish() }

    /// Records until the source's stream ends (end of input, stop(), failure), closes the open
    /// session and waits for the analyses of the sessions closed. Throws only for library
    /// failures and a source that cannot start.
    public func run() async throws {
        // The first commit's one-time costs are paid now, not at the first note; a library
        // that cannot be written is reported by the first flush.
        try? SessionWriter.prepare(library)
        let events = try source.start()
        observer.recorder(.started(source: source.description))
        let wakes = tickerWakes
        let ticker = Task { [weak self] in
            var wakeups = wakes.makeAsyncIterator()
            while !Task.isCancelled, let recorder = self {
                if await recorder.sessionIsOpen {
                    // Tick first: a session that just opened gets its first events committed now.
                    try? await recorder.tick()
                    try? await Task.sleep(for: Self.flushInterval)
                } else if await wakeups.next() == nil {
                    return
                }
            }
        }
        defer {
            wakeTicker.finish()
            ticker.cancel()
        }
        for await batch in events {
            for event in batch { try handle(event) }
            // A session that opened in this batch is created with its first events at once,
            // not at the next tick: one commit, well within 250 ms of the first note.
            if let session = current, session.writer.sessionID == nil, writeFailure == nil { commit() }
        }
        try perform(splitter.finish())
        stopped = true
        observer.recorder(.stopped)
        analysisQueue.finish()
        await analysisWorker.value
    }

    var sessionIsOpen: Bool { current != nil }

    /// Commits what is buffered, closes a session that has been silent long enough, redraws
    /// the status line.
    func tick() throws {
        guard !stopped else { return }
        try perform(splitter.expire(now: source.now()))
        commit()
        observer.recorder(.status(status))
    }

    /// Commits what is buffered; a library that cannot take it is reported (at most once a
    /// second) and retried by the next tick.
    private func commit() {
        do {
            try flush()
            writeFailure = nil
        } catch {
            reportWriteFailure(error)
        }
    }

    /// Says that the library cannot be written (disk full, read-only, locked), at most once a
    /// second: the events stay in the writer's buffer and every tick retries.
    private func reportWriteFailure(_ error: any Error) {
        let now = source.now()
        if let last = writeFailure, now - last < .nanosecondsPerSecond { return }
        writeFailure = now
        let buffered = current?.writer.bufferedCount ?? 0
        let lost = current?.writer.overflowCount ?? 0
        observer.recorder(
            .warning(
                "cannot write to the library (\(error.userFacing.message)): \(buffered) events kept in memory "
                    + "(at most \(SessionWriter.bufferLimit)\(lost > 0 ? ", \(lost) past it lost" : "")), retrying"
            )
        )
    }

    private func handle(_ event: CaptureEvent) throws {
        switch event {
        case .attached(let device, let time, let again, let hotPlugged):
            capture.attach(device)
            observer.recorder(.attached(device, again: again, delay: hotPlugged ? source.now() - time : nil))
        case .detached(let device, let time):
            capture.detach(device)
            let closing = sounding.release(device: device.id, at: time)
            for message in closing { try perform(splitter.consume(message)) }
            let notes = closing.filter { if case .noteOff = $0.message { true } else { false } }.count
            observer.recorder(.detached(device, endedNotes: notes))
        case .message(let message):
            sounding.observe(message)
            try perform(splitter.consume(message))
        case .overrun(let time):
            capture.overrun(at: time)
            statistics.overruns += 1
            observer.recorder(.overrun(wallClock: wallClock(time)))
            if current != nil {
                current!.overruns += 1
                current!.writer.recordOverrun(time: max(0, time - current!.start), count: 1)
            } else {
                unassignedOverruns += 1
            }
        case .dropped(let count, let time):
            statistics.overruns += 1
            observer.recorder(
                .warning("the recorder fell behind: \(count) MIDI events dropped (its capture queue was full)")
            )
            if current != nil {
                current!.overruns += 1
                current!.dropped += count
                current!.writer.recordOverrun(time: max(0, time - current!.start), count: count)
            } else {
                unassignedDropped += count
            }
        case .warning(let text):
            observer.recorder(.warning(text))
        case .failed(let text):
            failure = text
            observer.recorder(.failed(text))
        }
    }

    private func perform(_ steps: [SessionSplitter.Step]) throws {
        for step in steps {
            switch step {
            case .open(let time):
                try open(at: time)
            case .record(let message):
                record(message)
            case .close:
                try close()
            }
        }
    }

    private func open(at first: Nanoseconds) throws {
        // A file's first session starts at the file's time 0, as its import does; later ones
        // (after a silence longer than the gap) and live sessions at their first event.
        let time = sessionsOpened == 0 ? min(first, source.timeZero ?? first) : first
        sessionsOpened += 1
        let names = capture.attached.values.sorted { $0.id < $1.id }.map(\.name)
        let description = names.isEmpty ? source.description : names.joined(separator: ", ")
        let start = Date(timeIntervalSince1970: Double(wallClock(time)) / 1e9)
        // The session is created by the writer's first flush, with its first events; a library
        // that cannot take it now (disk full, read-only, locked) gets it with the first flush
        // that can write, its events waiting in the writer's buffer.
        let writer = SessionWriter(
            library: library,
            opening: NewSession(start: start, sourceKind: sourceKind, source: description)
        )
        current = OpenSession(writer: writer, start: time)
        // Overruns between sessions lost events that may have belonged to this one.
        for _ in 0..<unassignedOverruns {
            writer.recordOverrun(time: 0, count: 1)
            current!.overruns += 1
        }
        unassignedOverruns = 0
        if unassignedDropped > 0 {
            writer.recordOverrun(time: 0, count: unassignedDropped)
            current!.overruns += 1
            current!.dropped = unassignedDropped
            unassignedDropped = 0
        }
        wakeTicker.yield()
    }

    /// Tells the observer the open session's id, once the library has made it.
    private func announceSession() {
        guard let session = current, !session.announced, let id = session.writer.sessionID else { return }
        current!.announced = true
        observer.recorder(.sessionStarted(id: id))
    }

    private func record(_ message: CapturedMessage) {
        guard current != nil else { return }
        // Mutated in place through `current!`: copying the session out and back would copy its
        // arrays on every event (quadratic in a burst).
        let port = port(for: message.device)
        current!.writer.append(
            RawEvent(time: max(0, message.time - current!.start), port: port, bytes: message.message.bytes)
        )
        current!.unflushed.append(message.time)
        current!.messages += 1
        current!.devices.insert(message.device)
        if case .noteOn = message.message { current!.notes += 1 }
        capture.count(message.message)
    }

    /// The session port of `device`, registered on its first event in the session.
    private func port(for device: Int) -> UInt16 {
        if let known = current!.ports[device] { return known }
        let port = UInt16(current!.ports.count)
        current!.ports[device] = port
        let info = capture.seen[device]
        current!.writer.addPort(
            PortInfo(port: port, name: info?.name ?? "device \(device)", address: info?.address?.description ?? "")
        )
        return port
    }

    private func flush() throws {
        guard let session = current,
            !session.unflushed.isEmpty || session.writer.bufferedCount > 0 || session.writer.sessionID == nil
        else { return }
        try session.writer.flush()
        announceSession()
        let durable = source.now()
        if measuresLatency {
            for time in session.unflushed { statistics.latency.record(durable - time) }
        }
        current!.unflushed.removeAll(keepingCapacity: true)
    }

    private func close() throws {
        guard let session = current else { return }
        do {
            try flush()
            try session.writer.close()
        } catch {
            // The library cannot take the session's end: what is buffered goes to a recovery
            // file beside it (the next command closes the session at its last stored event).
            current = nil
            let problem = error.userFacing.message
            let name = session.writer.sessionID.map { "session \($0)" } ?? "a session the library could not create"
            if let saved = try session.writer.writeRecoveryLog() {
                observer.recorder(
                    .warning(
                        "cannot write to the library (\(problem)): the last \(saved.events) events of \(name) "
                            + "are in \(saved.path)"
                    )
                )
            } else {
                observer.recorder(.warning("cannot close \(name): \(problem)"))
            }
            return
        }
        current = nil
        // Flushed and closed: the library made the session.
        let id = session.writer.sessionID!
        let summary = SessionSummary(
            id: id,
            start: wallClock(session.start),
            duration: try library.session(id).durationNs,
            notes: session.notes,
            events: session.messages,
            devices: session.devices.count,
            overruns: session.overruns
        )
        statistics.sessions += 1
        observer.recorder(.sessionClosed(summary))
        analysisQueue.yield(id)
    }

    /// Makes and stores the report of a closed session (with its automatic tags) in Linux's
    /// idle scheduling class, and tells the observer.
    private static func analyze(_ id: Int64, in library: Library, observer: any RecorderObserver) async {
        await BackgroundWork.run {
            do {
                // Marked while it runs: a session that kills the recorder is skipped after a restart.
                guard try library.failedAnalyses()[id] == nil else { return }
                let result = try SessionAnalysis.analyzeMarked(sessionID: id, in: library)
                observer.recorder(.sessionAnalysed(id: id, report: result.report))
            } catch {
                observer.recorder(.analysisFailed(id: id, problem: error.userFacing))
            }
        }
    }

    private var status: RecorderStatus {
        RecorderStatus(
            elapsed: current.map { source.now() - $0.start } ?? 0,
            notes: current?.notes ?? 0,
            devices: capture.attached.count,
            sessionID: current?.writer.sessionID,
            overruns: current?.overruns ?? 0,
            dropped: current?.dropped ?? 0
        )
    }

    private func wallClock(_ time: Nanoseconds) -> Nanoseconds { time + wallClockOffset }

}
