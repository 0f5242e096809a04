import ArgumentParser
import BenchmarkSupport
import Foundation
import MIDICapture
import MIDICore
import PracticeLibrary
import SessionStore
import Synchronization

/// The recording path in one process, as `woodshed record --from -` runs it but without the
/// kernel: a synthetic player writes raw MIDI bytes into a pipe at a set rate; a
/// ``ByteStreamCaptureSource`` reads and decodes them on its thread; the ``Recorder`` splits
/// them into sessions and commits them to SQLite (WAL, fsync'ed) every 100 ms, and analyses the
/// session when the stream ends. Measured until the session is closed and durable: events/s
/// stored, the recorder's capture-to-durable latency (median, 99th percentile, maximum) and the
/// process's CPU time.
struct RecordingBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recording",
        abstract: "Events through decoding, the recorder (session splitting) and SQLite commits."
    )

    @Option(help: "Events per second the player sends.")
    var rate = 50_000

    @Option(help: "Seconds the player plays.")
    var seconds = 10.0

    @Option(help: "Instead: append this many events at once to a session writer and commit them in one transaction.")
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
        let observer = Observer()
        let recorder = Recorder(
            library: library,
            source: source,
            sourceKind: .stream,
            gap: SessionSplitter.defaultGap,
            observer: observer
        )
        let player = Player(descriptor: descriptors[1], rate: rate, seconds: seconds)
        let cpuBefore = ProcessMetrics.cpuSeconds()
        let done = DispatchSemaphore(value: 0)
        let result = Mutex<RecorderStatistics?>(nil)
        Task {
            try? await recorder.run()
            let statistics = await recorder.statistics
            result.withLock { $0 = statistics }
            done.signal()
        }
        // The source has opened its end of the pipe once the recorder says it started.
        while !observer.started { usleep(1000) }
        close(descriptors[0])
        Thread { player.play() }.start()
        done.wait()
        guard let statistics = result.withLock({ $0 }), let closed = observer.closed else {
            throw ValidationError("the recorder stored no session")
        }
        // From the first event sent to the session durable.
        let elapsed = Double(closed.time - player.startedAt.load(ordering: .relaxed)) / 1e9
        // How long the player took to hand every event to the pipe: past `seconds` when it was
        // held back (a full pipe, or no core for it). The rest of `elapsed` is the last commit
        // and the session's close (which reads the session back for its summary).
        let played =
            Double(player.finishedAt.load(ordering: .relaxed) - player.startedAt.load(ordering: .relaxed)) / 1e9
        func latency(_ fraction: Double) -> Double { Double(statistics.latency.percentile(fraction) ?? 0) / 1e9 }
        Record([
            "rate": rate, "seconds": elapsed, "playSeconds": played, "sent": player.sent.load(ordering: .relaxed),
            "stored": closed.summary.events, "eventsPerSecond": Double(closed.summary.events) / elapsed,
            "p50Seconds": latency(0.5), "p99Seconds": latency(0.99), "maxSeconds": latency(1),
            "cpuSeconds": closed.cpu - cpuBefore, "peakRSSBytes": closed.peakResidentBytes,
        ]).print(json: output.json)
    }

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
        let commit = try ContinuousClock().measure { try profiledCommit(writer) }
        Record([
            "burst": count, "commitSeconds": commit.seconds, "eventsPerSecond": Double(count) / commit.seconds,
        ]).print(json: output.json)
    }
}

@inline(never) func profiledCommit(_ writer: SessionWriter) throws {
    try writer.flush()
}

/// Notes when the recorder started and when the session was closed (durable), with the CPU
/// time and peak memory then: the analysis that follows is not the recording path.
final class Observer: RecorderObserver {
    struct Closed {
        var summary: SessionSummary
        var time: Nanoseconds
        var cpu: Double
        var peakResidentBytes: Int
    }

    private let state = Mutex<(started: Bool, closed: Closed?)>((false, nil))

    var started: Bool { state.withLock { $0.started } }
    var closed: Closed? { state.withLock { $0.closed } }

    func recorder(_ event: RecorderEvent) {
        switch event {
        case .started:
            state.withLock { $0.started = true }
        case .sessionClosed(let summary):
            let closed = Closed(
                summary: summary,
                time: SystemClock.monotonic(),
                cpu: ProcessMetrics.cpuSeconds(),
                peakResidentBytes: ProcessMetrics.peakResidentBytes()
            )
            state.withLock { $0.closed = closed }
        default:
            break
        }
    }
}

/// Plays random keys — note-ons and note-offs with running status, as keyboards send them,
/// and now and then a pedal change — into a pipe: `rate` events a second in 1 ms slices, for
/// `seconds`; then closes it.
final class Player: Sendable {
    let descriptor: Int32
    let rate: Int
    let seconds: Double
    let sent = Atomic(0)
    let startedAt = Atomic<Int64>(0)
    /// When the last byte was written (the pipe closes right after).
    let finishedAt = Atomic<Int64>(0)

    init(descriptor: Int32, rate: Int, seconds: Double) {
        (self.descriptor, self.rate, self.seconds) = (descriptor, rate, seconds)
    }

    func play() {
        defer {
            finishedAt.store(SystemClock.monotonic(), ordering: .relaxed)
            close(descriptor)
        }
        let start = SystemClock.monotonic()
        startedAt.store(start, ordering: .relaxed)
        let end = start + Int64(seconds * 1e9)
        var count = 0
        var chunk: [UInt8] = []
        var random: UInt64 = 0x2545_F491_4F6C_DD1D
        var held: [UInt8] = []
        while SystemClock.monotonic() < end {
            let due = Int(Double(SystemClock.monotonic() - start) / 1e9 * Double(rate))
            chunk.removeAll(keepingCapacity: true)
            while count < due {
                random ^= random << 13
                random ^= random >> 7
                random ^= random << 17
                if count % 64 == 63 {
                    chunk += [0xB0, 64, count % 128 < 64 ? 127 : 0]
                } else if held.count < 6 && (held.isEmpty || random % 2 == 0) {
                    let key = UInt8(36 + random % 60)
                    held.append(key)
                    chunk += [0x90, key, UInt8(20 + random % 100)]
                } else {
                    chunk += [0x80, held.removeFirst(), 64]
                }
                count += 1
            }
            var offset = 0
            while offset < chunk.count {
                let written = chunk.withUnsafeBytes {
                    Glibc.write(descriptor, $0.baseAddress! + offset, $0.count - offset)
                }
                if written <= 0 { return }
                offset += written
            }
            sent.store(count, ordering: .relaxed)
            usleep(1000)
        }
    }
}
