import Foundation
import MIDICapture
import MIDICore
import PracticeLibrary
import SessionStore

/// The always-on recording pipeline: capture events → sessions split at silences → library.
///
/// Runs on one actor, so the capture consumer and the 100 ms flush timer never race. The
/// capture thread is never blocked by it: captured events wait in the source's unbounded
/// stream while a commit is on disk.
actor Recorder {
    /// How often buffered events are committed; durability is this plus one commit (< 250 ms).
    static let flushInterval: Duration = .milliseconds(100)

    private let library: Library
    private let source: any CaptureSource
    private let sourceKind: SourceKind
    private let output: RecorderOutput
    private var splitter: SessionSplitter
    private var sounding = SoundingNotes()
    private(set) var statistics = CaptureStatistics()
    private var current: OpenSession?
    private var sessionsOpened = 0
    /// Overruns that happened between sessions; stored with the next one.
    private var unassignedOverruns: [Nanoseconds] = []
    private(set) var finished: [SessionSummary] = []
    private(set) var latency = LatencyRecorder()
    private(set) var failure: String?
    /// Set when the capture stream ended: a flush tick already queued must not redraw the status.
    private var stopped = false
    /// CLOCK_REALTIME minus the capture clock (CLOCK_MONOTONIC), for session start dates.
    private let wallClockOffset: Nanoseconds
    /// False when the source's clock is not real time (a file delivered at once): latencies
    /// would mean nothing.
    private let measuresLatency: Bool
    /// Wakes the flush timer when a session opens; between sessions it sleeps, so an idle
    /// recorder has no timer waking it up.
    private let wakeTicker: AsyncStream<Void>.Continuation
    private let tickerWakes: AsyncStream<Void>
    /// Reports of closed sessions being made off the actor, so a long analysis never delays
    /// the next session's commits; `run()` waits for them before it returns.
    private var analyses: [Task<Void, Never>] = []

    private struct OpenSession {
        var writer: SessionWriter
        var start: Nanoseconds
        var ports: [Int: UInt16] = [:]
        var messages = 0
        var notes = 0
        var overruns = 0
        var devices: Set<Int> = []
        /// Capture times of events appended since the last flush (for the latency measurement).
        var unflushed: [Nanoseconds] = []
    }

    init(
        library: Library,
        source: any CaptureSource,
        sourceKind: SourceKind,
        gap: Nanoseconds,
        output: RecorderOutput,
        measuresLatency: Bool = true
    ) {
        self.measuresLatency = measuresLatency
        self.library = library
        self.source = source
        self.sourceKind = sourceKind
        self.output = output
        self.splitter = SessionSplitter(gap: gap)
        self.wallClockOffset = SystemClock.realtime() - SystemClock.monotonic()
        (tickerWakes, wakeTicker) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Records until the source's stream ends (end of input, stop(), failure), then closes
    /// the open session. Throws only for library failures.
    func run() async throws {
        let events = try source.start()
        output.log("recording from \(source.description)")
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
        }
        try perform(splitter.finish())
        stopped = true
        output.endStatus()
        for analysis in analyses { await analysis.value }
    }

    var sessionIsOpen: Bool { current != nil }

    /// Commits what is buffered, closes a session that has been silent long enough, redraws
    /// the status line.
    func tick() throws {
        guard !stopped else { return }
        try perform(splitter.expire(now: source.now()))
        try flush()
        output.status(statusLine())
    }

    private func handle(_ event: CaptureEvent) throws {
        switch event {
        case .attached(let device, let time, let again, let hotPlugged):
            statistics.attach(device)
            let delay =
                hotPlugged ? String(format: ", %.1f ms after it appeared", Double(source.now() - time) / 1e6) : ""
            output.log("\(again ? "re-attached" : "attached") \(Self.describe(device))\(delay)")
        case .detached(let device, let time):
            statistics.detach(device)
            let closing = sounding.release(device: device.id, at: time)
            for message in closing { try perform(splitter.consume(message)) }
            let notes = closing.filter { if case .noteOff = $0.message { true } else { false } }.count
            let verb = device.address == nil ? "input ended:" : "unplugged"
            output.log(
                "\(verb) \(Self.describe(device))"
                    + (notes > 0 ? "; ended \(Formatting.plural(notes, "sounding note"))" : "")
            )
        case .message(let message):
            sounding.observe(message)
            try perform(splitter.consume(message))
        case .overrun(let time):
            statistics.overrun(at: time)
            output.log(
                "overrun at \(output.clockTime(wallClock(time))): the kernel dropped MIDI events (input queue full)"
            )
            if current != nil {
                current!.overruns += 1
                current!.writer.recordOverrun(time: max(0, time - current!.start), count: 1)
            } else {
                unassignedOverruns.append(time)
            }
        case .warning(let text):
            output.log(text)
        case .failed(let text):
            failure = text
            output.error(text)
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
        let names = statistics.attached.values.sorted { $0.id < $1.id }.map(\.name)
        let description = names.isEmpty ? source.description : names.joined(separator: ", ")
        let start = Date(timeIntervalSince1970: Double(wallClock(time)) / 1e9)
        let writer = try SessionWriter(
            library: library,
            session: NewSession(start: start, sourceKind: sourceKind, source: description)
        )
        current = OpenSession(writer: writer, start: time)
        // Overruns between sessions lost events that may have belonged to this one.
        for _ in unassignedOverruns {
            writer.recordOverrun(time: 0, count: 1)
            current!.overruns += 1
        }
        unassignedOverruns.removeAll()
        output.log("session \(writer.sessionID) started")
        wakeTicker.yield()
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
        statistics.count(message.message)
    }

    /// The session port of `device`, registered on its first event in the session.
    private func port(for device: Int) -> UInt16 {
        if let known = current!.ports[device] { return known }
        let port = UInt16(current!.ports.count)
        current!.ports[device] = port
        let info = statistics.seen[device]
        current!.writer.addPort(
            PortInfo(port: port, name: info?.name ?? "device \(device)", address: info?.address?.description ?? "")
        )
        return port
    }

    private func flush() throws {
        guard let session = current, !session.unflushed.isEmpty || session.writer.bufferedCount > 0 else { return }
        try session.writer.flush()
        let durable = source.now()
        if measuresLatency { latency.add(session.unflushed.map { durable - $0 }) }
        current!.unflushed.removeAll(keepingCapacity: true)
    }

    private func close() throws {
        guard let session = current else { return }
        try flush()
        try session.writer.close()
        current = nil
        let summary = SessionSummary(
            id: session.writer.sessionID,
            start: wallClock(session.start),
            duration: try library.session(session.writer.sessionID).durationNs,
            notes: session.notes,
            events: session.messages,
            devices: session.devices.count,
            overruns: session.overruns
        )
        finished.append(summary)
        output.log(summary.line(output))
        analyze(session.writer.sessionID)
    }

    /// Makes, stores and prints the report of a closed session (issue: after `record` closes a
    /// session the report is generated and stored automatically, and its summary printed).
    private func analyze(_ id: Int64) {
        let library = self.library
        let output = self.output
        analyses.append(
            Task {
                await BackgroundWork.run {
                    do {
                        let style = output.isTerminal && Terminal.usesColor ? TerminalStyle.color : .plain
                        output.block(try SessionAnalysis.analyzeAndStore(sessionID: id, in: library, style: style))
                        output.log(
                            "session \(id) analysed; the full report: woodshed report \(id) --format html -o report.html"
                        )
                    } catch {
                        output.error(
                            "session \(id) is recorded, but its report failed: \(error.userFacing.line) — "
                                + "run `woodshed analyze --session \(id)` to retry"
                        )
                    }
                }
            }
        )
    }

    private func statusLine() -> String {
        let elapsed = current.map { source.now() - $0.start } ?? 0
        let session = current.map { "session \($0.writer.sessionID)" } ?? "waiting for notes"
        let devices = statistics.attached.count
        var line = "● \(Formatting.duration(elapsed))  \(Formatting.plural(current?.notes ?? 0, "note"))  "
        line += "\(Formatting.plural(devices, "device"))  \(session)"
        if let overruns = current?.overruns, overruns > 0 { line += "  \(Formatting.plural(overruns, "overrun"))" }
        return line
    }

    private func wallClock(_ time: Nanoseconds) -> Nanoseconds { time + wallClockOffset }

    private static func describe(_ device: CaptureDevice) -> String {
        device.address.map { "\(device.name) (\($0))" } ?? device.name
    }
}

/// One finished session, for the log and the end-of-run summary.
struct SessionSummary: Sendable {
    var id: Int64
    /// Wall clock, Unix-epoch nanoseconds.
    var start: Nanoseconds
    var duration: Nanoseconds
    var notes: Int
    var events: Int
    var devices: Int
    var overruns: Int

    func line(_ output: RecorderOutput) -> String {
        "session \(id) closed: started \(output.clockTime(start)), \(Formatting.duration(duration)), "
            + [(notes, "note"), (events, "event"), (devices, "device"), (overruns, "overrun")]
            .map { Formatting.plural($0.0, $0.1) }.joined(separator: ", ")
    }
}

/// Capture-to-durable latencies (event timestamp → committed in SQLite), in nanoseconds.
struct LatencyRecorder: Sendable {
    private(set) var samples: [Nanoseconds] = []

    mutating func add(_ values: [Nanoseconds]) { samples += values }

    /// The value below which `fraction` of samples fall (nearest rank). O(n log n).
    func percentile(_ fraction: Double) -> Nanoseconds? {
        guard !samples.isEmpty else { return nil }
        let sorted = samples.sorted()
        let rank = Int((fraction * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }
}
