internal import CALSA
import Dispatch
import Glibc
public import MIDICore
import Synchronization

/// Records from the ALSA sequencer: client "Woodshed" with one input port, subscribed to the
/// selected controllers and to System Announce (0:1) for hot-plug.
///
/// One dedicated thread owns the `snd_seq_t` handle for its whole life. It sleeps in poll(2) on
/// the sequencer's descriptors and a wake-up eventfd, so an idle recorder costs no CPU and
/// ``stop()`` is immediate. It decodes each event into Sendable values on that thread (no
/// `snd_seq_event_t` leaves it) and hands them out through an `AsyncStream` that holds up to
/// ``Options/queueLimit`` events (a burst far larger than any keyboard's fits; past it, when
/// the recorder has fallen behind for seconds, messages are dropped and counted — see
/// ``CaptureBacklog``).
///
/// Timestamps: our port stamps every delivered event with the real time of our named queue;
/// that time is converted to `CLOCK_MONOTONIC` nanoseconds with an offset measured at start.
public final class ALSACaptureSource: CaptureSource {
    public struct Options: Sendable {
        public var selection: SourceSelection
        /// Drop MIDI clock, start, continue and stop (a drum machine sends clock 24 times a beat).
        public var dropClock: Bool
        public var clientName: String
        /// Kernel input FIFO size in events; the kernel allows at most 2000.
        public var inputPoolEvents: Int
        /// alsa-lib's read buffer in bytes (28 bytes per event): large, so one read drains a burst.
        public var inputBufferBytes: Int
        /// Events that may wait for the recorder (``CaptureBacklog/defaultLimit``).
        public var queueLimit: Int

        public init(
            selection: SourceSelection = .controllers,
            dropClock: Bool = false,
            clientName: String = "Woodshed",
            inputPoolEvents: Int = 2000,
            inputBufferBytes: Int = 1 << 20,
            queueLimit: Int = CaptureBacklog.defaultLimit
        ) {
            self.selection = selection
            self.dropClock = dropClock
            self.clientName = clientName
            self.inputPoolEvents = inputPoolEvents
            self.inputBufferBytes = inputBufferBytes
            self.queueLimit = queueLimit
        }
    }

    public let options: Options
    private let wakeup: WakeupDescriptor
    private let stopFlag = StopFlag()
    private let started = Atomic<Bool>(false)

    public init(options: Options = Options()) throws(CaptureError) {
        self.options = options
        self.wakeup = try WakeupDescriptor()
    }

    public var description: String {
        switch options.selection {
        case .controllers: return "ALSA sequencer: all controllers"
        case .all: return "ALSA sequencer: all controllers and software ports"
        case .ports(let specs): return "ALSA sequencer: " + specs.map(\.text).joined(separator: ", ")
        }
    }

    public func now() -> Nanoseconds { SystemClock.monotonic() }

    /// Opens the sequencer on the capture thread and returns once it is recording (or failed to).
    /// - Throws: ``CaptureError`` or ``ALSAError`` from the setup; later failures arrive as `.failed`.
    public func start() throws -> AsyncStream<[CaptureEvent]> {
        precondition(!started.exchange(true, ordering: .relaxed), "a capture source starts once")
        // Unbounded as a stream; the backlog bounds what it holds.
        let (stream, continuation) = AsyncStream.makeStream(of: [CaptureEvent].self, bufferingPolicy: .unbounded)
        let backlog = CaptureBacklog(limit: options.queueLimit)
        let setup = SetupResult()
        let options = options
        let wakeup = wakeup
        let stopFlag = stopFlag
        continuation.onTermination = { [weak self] _ in self?.stop() }
        try startThread {
            CaptureLoop.raisePriority()
            let session: CaptureLoop
            do {
                session = try CaptureLoop(options: options, output: CaptureBatcher(continuation, backlog: backlog))
            } catch {
                setup.fail(error)
                continuation.finish()
                return
            }
            setup.succeed()
            session.run(wakeup: wakeup, stopFlag: stopFlag)
        }
        try setup.wait()
        return backlog.bounded(stream) { [weak self] in self?.stop() }
    }

    public func stop() {
        stopFlag.set()
        wakeup.signal()
    }
}

/// Set once by ``ALSACaptureSource/stop()``, read by the capture thread after each wake-up.
final class StopFlag: Sendable {
    private let value = Atomic<Bool>(false)
    func set() { value.store(true, ordering: .sequentiallyConsistent) }
    var isSet: Bool { value.load(ordering: .sequentiallyConsistent) }
}

/// The capture thread's setup outcome, handed to the thread that called start().
private final class SetupResult: Sendable {
    private let done = DispatchSemaphore(value: 0)
    private let error = Mutex<(any Error)?>(nil)

    func succeed() { done.signal() }

    func fail(_ failure: any Error) {
        error.withLock { $0 = failure }
        done.signal()
    }

    func wait() throws {
        done.wait()
        if let failure = error.withLock({ $0 }) { throw failure }
    }
}
