import Foundation
import GRDBSQLite
import HeapUsage
import MIDICapture
import MIDICore
import PracticeLibrary
import SessionStore
import Synchronization
import Testing

/// An always-on recorder runs for months: what it keeps must not grow with the sessions and
/// events it has recorded.
@Suite("Recorder memory")
struct RecorderMemoryTests {
    /// Heap bytes in use outside SQLite: everything malloc has handed out (every arena) minus
    /// what SQLite holds (its page caches grow with the database until they are full, which says
    /// nothing about the recorder).
    static func heapOutsideSQLite() -> Int {
        Int(woodshed_heap_in_use()) - Int(sqlite3_memory_used())
    }

    /// Plays sessions to the recorder the way a musician does — the next one only after the
    /// last one was analysed — and samples the heap each time the chosen sessions have been, so
    /// every sample is taken in the same state: one session analysed, the next one open.
    final class PacedSessions: CaptureSource, RecorderObserver {
        let batches: [[CaptureEvent]]
        let sampled: Set<Int64>
        let samples = Mutex<[Int64: Int]>([:])
        let analysed = Mutex(0)
        private let stream: AsyncStream<[CaptureEvent]>
        private let continuation: AsyncStream<[CaptureEvent]>.Continuation
        /// Capture time of the latest batch handed out: the recorder's clock never runs ahead
        /// of the music, so no session closes by its timer while the next is being held back.
        private let clock = Mutex<Nanoseconds>(0)
        private let delivered = Mutex(0)

        var description: String { "paced sessions" }

        init(_ batches: [[CaptureEvent]], sampleAt sampled: Set<Int64>) {
            self.batches = batches
            self.sampled = sampled
            (stream, continuation) = AsyncStream.makeStream(of: [CaptureEvent].self)
        }

        func start() throws -> AsyncStream<[CaptureEvent]> {
            // The attachment and the first two sessions: the second one's first note closes the first.
            for _ in 0..<3 { deliverNext() }
            return stream
        }

        func stop() { continuation.finish() }
        func now() -> Nanoseconds { clock.withLock { $0 } }

        private func deliverNext() {
            let index = delivered.withLock { count -> Int? in
                guard count < batches.count else { return nil }
                count += 1
                return count - 1
            }
            guard let index else {
                continuation.finish()
                return
            }
            let batch = batches[index]
            if case .message(let last) = batch.last { clock.withLock { $0 = last.time } }
            continuation.yield(batch)
        }

        func recorder(_ event: RecorderEvent) {
            guard case .sessionAnalysed(let id, _) = event else { return }
            analysed.withLock { $0 += 1 }
            if sampled.contains(id) { samples.withLock { $0[id] = RecorderMemoryTests.heapOutsideSQLite() } }
            deliverNext()
        }
    }

    static func median(_ values: ArraySlice<Int>) -> Int {
        let sorted = values.sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }

    /// `count` sessions of an arpeggio (20 notes, 40 events, 3 s), 10 s apart.
    static func sessions(_ count: Int) -> [[CaptureEvent]] {
        let ms = Nanoseconds.nanosecondsPerMillisecond
        let keys: [UInt8] = [60, 64, 67, 72, 76, 72, 67, 64, 60, 64, 67, 72, 76, 79, 76, 72, 67, 64, 62, 60]
        let device = CaptureDevice(
            id: 0,
            name: "Piano",
            address: SequencerAddress(client: 24, port: 0),
            kind: .controller
        )
        var batches: [[CaptureEvent]] = [[.attached(device, time: 0, again: false, hotPlugged: false)]]
        for session in 0..<count {
            let start = Nanoseconds(session) * 10_000 * ms + 1_000 * ms
            var batch: [CaptureEvent] = []
            for (index, key) in keys.enumerated() {
                let onset = start + Nanoseconds(index) * 150 * ms
                batch.append(
                    .message(
                        CapturedMessage(time: onset, device: 0, message: .noteOn(channel: 0, key: key, velocity: 70))
                    )
                )
                batch.append(
                    .message(
                        CapturedMessage(
                            time: onset + 100 * ms,
                            device: 0,
                            message: .noteOff(channel: 0, key: key, velocity: 64)
                        )
                    )
                )
            }
            batches.append(batch)
        }
        return batches
    }

    @Test("1,000 sessions: every one stored and analysed, the heap flat after the first hundreds")
    func thousandSessions() async throws {
        let folder = TemporaryFolder()
        let library = try Library(path: folder.root + "/library.sqlite")
        // Every 50 sessions from the 250th: by then SQLite, GRDB and the runtime have what they keep.
        let checkpoints = Array(stride(from: Int64(250), through: 950, by: 50)) + [999]
        let sessions = PacedSessions(Self.sessions(1000), sampleAt: Set(checkpoints))
        let recorder = Recorder(
            library: library,
            source: sessions,
            sourceKind: .capture,
            gap: 2_000 * Nanoseconds.nanosecondsPerMillisecond,
            observer: sessions
        )
        try await recorder.run()
        let statistics = await recorder.statistics
        #expect(statistics.sessions == 1000)
        #expect(statistics.latency.count == 40_000)
        #expect(sessions.analysed.withLock { $0 } == 1000)
        #expect(try library.sessions().count == 1000)
        let samples = sessions.samples.withLock { $0 }
        let heap = checkpoints.compactMap { samples[$0] }
        #expect(heap.count == checkpoints.count)
        // The median of the later samples against the median of the earlier ones: other tests
        // running at the same time allocate too, and a median ignores their moments.
        let half = heap.count / 2
        let growth = Self.median(heap[half...]) - Self.median(heap[..<half])
        print("heap outside SQLite every 50 sessions from the 250th: \(heap) bytes")
        // Keeping a summary, a finished task and 40 latency samples per session (what the
        // recorder once did) grows this by about 0.7 MB; the TOMLKit leak of parsing the
        // default template for every analysis, by about 3 MB.
        #expect(growth < 160 * 1024, "heap grew by \(growth) bytes: \(heap)")
    }
}
