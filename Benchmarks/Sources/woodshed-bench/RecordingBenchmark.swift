import ArgumentParser
import BenchmarkSupport
import Foundation
import MIDICapture
import MIDICore
import SessionStore
import Synchronization

/// The recording path in one process, as `woodshed record --from -` runs it but without the
/// kernel: a synthetic player writes raw MIDI bytes into a pipe at a set rate (or as fast as it
/// can); a ``ByteStreamCaptureSource`` reads and decodes them on its thread; the consumer puts
/// them through the ``SessionSplitter`` into a ``SessionWriter``, which a flusher commits every
/// 100 ms to SQLite (WAL, fsync'ed). Measured: events/s stored, and from an event's capture to
/// the end of the commit that made it durable: median, 99th percentile, maximum. (The CLI's
/// `Recorder` actor does the same with these public stages; it is not a library type.)
struct RecordingBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recording",
        abstract: "Events through decoding, session splitting and the session writer into SQLite."
    )

    @Option(help: "Events per second the player sends (0: as fast as it can).")
    var rate = 50_000

    @Option(help: "Seconds the player plays.")
    var seconds = 10.0

    @Option(help: "Instead: append this many events at once and commit them in one transaction.")
    var burst: Int?

    @OptionGroup var output: OutputOptions

    func run() throws {
        if let burst { return try commitBurst(burst) }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("woodshed-bench-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let library = try Library(path: folder.appendingPathComponent("library.sqlite").path)

        var descriptors: [Int32] = [0, 0]
        guard pipe(&descriptors) == 0 else { throw ValidationError("cannot make a pipe") }
        let source = try ByteStreamCaptureSource(path: "/dev/fd/\(descriptors[0])")
        let events = try source.start()
        close(descriptors[0])
        let player = Player(descriptor: descriptors[1], rate: rate, seconds: seconds)
        let playing = Thread { player.play() }

        let recorder = Committer()
        let flusher = Thread { recorder.flushEvery(milliseconds: 100) }
        let cpuBefore = ProcessMetrics.cpuSeconds()
        let start = SystemClock.monotonic()
        playing.start()
        flusher.start()
        // The stream ends when the player closes the pipe; the consumer waits on it here.
        let done = DispatchSemaphore(value: 0)
        Task {
            var splitter = SessionSplitter()
            for await batch in events {
                for case .message(let message) in batch {
                    for step in splitter.consume(message) {
                        try? recorder.perform(step, library: library)
                    }
                }
            }
            for step in splitter.finish() { try? recorder.perform(step, library: library) }
            done.signal()
        }
        done.wait()
        recorder.stop()
        while !flusher.isFinished { usleep(1000) }
        let elapsed = Double(SystemClock.monotonic() - start) / 1e9
        let cpu = ProcessMetrics.cpuSeconds() - cpuBefore
        let stored = try recorder.sessionID.map { try library.events(session: $0).count } ?? 0
        let latencies = recorder.latencies.sorted()
        let commits = recorder.commits.sorted()
        func percentile(_ p: Double, of values: [Double] = latencies) -> Double {
            values.isEmpty ? 0 : values[min(values.count - 1, Int(p * Double(values.count)))]
        }
        Record([
            "rate": rate, "seconds": elapsed, "sent": player.sent.load(ordering: .relaxed), "stored": stored,
            "eventsPerSecond": Double(stored) / elapsed, "p50Seconds": percentile(0.5),
            "p99Seconds": percentile(0.99), "maxSeconds": latencies.last ?? 0, "cpuSeconds": cpu,
            "commitP50Seconds": percentile(0.5, of: commits), "commitMaxSeconds": commits.last ?? 0,
            "commits": commits.count,
            "peakRSSBytes": ProcessMetrics.peakResidentBytes(),
        ]).print(json: output.json)
    }
}

extension RecordingBenchmark {
    /// The store alone: `count` events appended to a session writer, then one flush.
    func commitBurst(_ count: Int) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("woodshed-bench-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let library = try Library(path: folder.appendingPathComponent("library.sqlite").path)
        let writer = try SessionWriter(
            library: library,
            session: NewSession(start: Date(), sourceKind: .stream, source: "woodshed-bench")
        )
        for index in 0..<count {
            writer.append(RawEvent(time: Int64(index) * 1000, port: 0, bytes: [0x90, UInt8(index % 128), 64]))
        }
        let clock = ContinuousClock()
        let commit = try clock.measure { try profiledCommit(writer) }
        Record([
            "burst": count, "commitSeconds": commit.seconds, "eventsPerSecond": Double(count) / commit.seconds,
        ]).print(json: output.json)
    }
}

@inline(never) func profiledCommit(_ writer: SessionWriter) throws {
    try writer.flush()
}

/// Writes note-ons and note-offs (with running status, as keyboards send) and now and then a
/// pedal change into a pipe: `rate` events a second in 1 ms slices, or as fast as the pipe takes
/// them, for `seconds`; then closes it.
final class Player: Sendable {
    let descriptor: Int32
    let rate: Int
    let seconds: Double
    let sent = Atomic(0)

    init(descriptor: Int32, rate: Int, seconds: Double) {
        (self.descriptor, self.rate, self.seconds) = (descriptor, rate, seconds)
    }

    func play() {
        defer { close(descriptor) }
        let start = SystemClock.monotonic()
        let end = start + Int64(seconds * 1e9)
        var count = 0
        var chunk: [UInt8] = []
        while true {
            let now = SystemClock.monotonic()
            guard now < end else { break }
            let due = rate == 0 ? count + 1000 : Int(Double(now - start) / 1e9 * Double(rate))
            chunk.removeAll(keepingCapacity: true)
            while count < due {
                let key = UInt8(36 + count / 2 % 60)
                if count % 64 == 63 {
                    chunk += [0xB0, 64, count % 128 < 64 ? 127 : 0]
                } else if count % 2 == 0 {
                    chunk += [0x90, key, 80]
                } else {
                    chunk += [0x80, key, 64]
                }
                count += 1
            }
            var offset = 0
            while offset < chunk.count {
                let written = chunk.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
                if written <= 0 { return }
                offset += written
            }
            sent.store(count, ordering: .relaxed)
            if rate > 0 { usleep(1000) }
        }
    }
}

/// What the recorder does with the splitter's steps: one session writer, flushed every 100 ms
/// on its own thread, with each event's capture time kept until the commit that stored it.
final class Committer: Sendable {
    private struct State {
        var writer: SessionWriter?
        var start: Int64 = 0
        var unflushed: [Int64] = []
        var latencies: [Double] = []
        /// Seconds each commit took (events buffered to end of transaction).
        var commits: [Double] = []
        var stopped = false
    }

    private let state = Mutex(State())

    var sessionID: Int64? { state.withLock { $0.writer?.sessionID } }
    var latencies: [Double] { state.withLock { $0.latencies } }
    var commits: [Double] { state.withLock { $0.commits } }

    func perform(_ step: SessionSplitter.Step, library: Library) throws {
        switch step {
        case .open(let time):
            let writer = try SessionWriter(
                library: library,
                session: NewSession(start: Date(), sourceKind: .stream, source: "woodshed-bench")
            )
            state.withLock { ($0.writer, $0.start) = (writer, time) }
        case .record(let message):
            state.withLock { state in
                state.writer?.append(
                    RawEvent(time: max(0, message.time - state.start), port: 0, bytes: message.message.bytes)
                )
                state.unflushed.append(message.time)
            }
        case .close:
            break
        }
    }

    /// Commits every `milliseconds` after the previous commit ends, as the recorder's timer
    /// does, until stopped and everything is stored. The consumer goes on appending meanwhile;
    /// the writer commits in append order, so the count it returns says whose commit it was.
    func flushEvery(milliseconds: Int) {
        while true {
            usleep(UInt32(milliseconds * 1000))
            let (writer, stopped) = state.withLock { ($0.writer, $0.stopped) }
            let begun = SystemClock.monotonic()
            let committed = (try? writer?.flush()) ?? 0
            let end = SystemClock.monotonic()
            state.withLock { state in
                guard committed > 0 else { return }
                state.commits.append(Double(end - begun) / 1e9)
                state.latencies += state.unflushed.prefix(committed).map { Double(end - $0) / 1e9 }
                state.unflushed.removeFirst(min(committed, state.unflushed.count))
            }
            if stopped && (writer?.bufferedCount ?? 0) == 0 { return }
        }
    }

    func stop() { state.withLock { $0.stopped = true } }
}
