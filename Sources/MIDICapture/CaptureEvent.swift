public import MIDICore

/// An input Woodshed records from: a sequencer port, a MIDI file, a byte stream.
///
/// `id` is stable for one capture run: a device that is unplugged and plugged in again (same
/// name, maybe a new client number) keeps its id, so its events stay on the same session port.
public struct CaptureDevice: Hashable, Sendable {
    public var id: Int
    /// "client name / port name" for sequencer ports, the path for files and streams.
    public var name: String
    /// The sequencer address it has now; `nil` for files and byte streams.
    public var address: SequencerAddress?
    public var kind: PortKind

    public init(id: Int, name: String, address: SequencerAddress?, kind: PortKind) {
        self.id = id
        self.name = name
        self.address = address
        self.kind = kind
    }
}

/// A message as captured: when (capture clock, nanoseconds), from which device, what.
public struct CapturedMessage: Hashable, Sendable {
    /// Nanoseconds on the source's capture clock (see ``CaptureSource/now()``).
    public var time: Nanoseconds
    /// ``CaptureDevice/id`` of the device that sent it.
    public var device: Int
    public var message: MIDIMessage

    public init(time: Nanoseconds, device: Int, message: MIDIMessage) {
        self.time = time
        self.device = device
        self.message = message
    }
}

/// What a capture source reports, in the order it happened. Every value is a plain Sendable
/// Swift value: nothing points into alsa-lib's buffers.
public enum CaptureEvent: Hashable, Sendable {
    /// A device was attached; `again` is true when it had been attached before (re-plugged).
    /// For a hot-plugged device `time` is when the kernel announced it; for one present at
    /// start it is the start.
    case attached(CaptureDevice, time: Nanoseconds, again: Bool, hotPlugged: Bool)
    /// A device went away (unplugged, driver unloaded, program quit).
    case detached(CaptureDevice, time: Nanoseconds)
    case message(CapturedMessage)
    /// The kernel's input FIFO overflowed (-ENOSPC): events were lost around `time`; how many,
    /// the kernel does not say.
    case overrun(time: Nanoseconds)
    /// The capture queue was full (the recorder fell behind; see ``CaptureBacklog``): `count`
    /// MIDI messages were dropped, the last of them captured at `time`.
    case dropped(count: Int, time: Nanoseconds)
    /// Something worth telling the musician that does not stop capture.
    case warning(String)
    /// Capture stopped because of an error; the stream ends after this.
    case failed(String)
}

/// Where captured MIDI comes from: the ALSA sequencer, a MIDI file, a raw byte stream.
///
/// Times are nanoseconds on the source's own capture clock, which for live sources is
/// `CLOCK_MONOTONIC`; ``now()`` reads it. A source is started once.
public protocol CaptureSource: AnyObject, Sendable {
    /// What is being recorded, for logs ("ALSA sequencer: controllers", "file take1.mid").
    var description: String { get }
    /// Starts capturing. Events come in batches, in order: one batch holds what one read
    /// delivered (a burst is one batch, not thousands of wake-ups). The stream ends when the
    /// source ends (end of file or stream), after ``stop()``, or after a `.failed` event.
    func start() throws -> AsyncStream<[CaptureEvent]>
    /// Stops capturing; returns at once, the stream finishes soon after.
    func stop()
    /// The current time on the capture clock, in nanoseconds.
    func now() -> Nanoseconds
    /// The capture-clock time of the source's own time 0, once started, when it has one: a MIDI
    /// file's start. The first session starts there rather than at its first event, so a file
    /// recorded keeps its timeline, lead-in included, exactly as its import does. Live sources
    /// have none (nil): a session starts with its first event.
    var timeZero: Nanoseconds? { get }
}

extension CaptureSource {
    public var timeZero: Nanoseconds? { nil }
}

/// Collects events on a capture thread and hands them to the stream in batches; with a
/// ``CaptureBacklog``, a batch that does not fit loses its messages, counted.
struct CaptureBatcher {
    let continuation: AsyncStream<[CaptureEvent]>.Continuation
    let backlog: CaptureBacklog?
    private var pending: [CaptureEvent] = []
    /// Messages dropped and not yet reported, and the capture time of the last one.
    private var dropped = 0
    private var droppedAt: Nanoseconds = 0

    init(_ continuation: AsyncStream<[CaptureEvent]>.Continuation, backlog: CaptureBacklog? = nil) {
        self.continuation = continuation
        self.backlog = backlog
    }

    mutating func emit(_ event: CaptureEvent) { pending.append(event) }

    /// Hands over what was collected, if anything.
    mutating func flush() {
        guard !pending.isEmpty else { return }
        if let backlog {
            if backlog.admit(pending.count + (dropped > 0 ? 1 : 0)) {
                if dropped > 0 {
                    pending.insert(.dropped(count: dropped, time: droppedAt), at: 0)
                    dropped = 0
                }
            } else {
                for case .message(let message) in pending {
                    dropped += 1
                    droppedAt = message.time
                }
                pending.removeAll { if case .message = $0 { true } else { false } }
                guard !pending.isEmpty else { return }
                backlog.force(pending.count)
            }
        }
        continuation.yield(pending)
        pending.removeAll(keepingCapacity: true)
    }

    /// Hands over the rest (and the count of messages dropped, if any) and ends the stream.
    mutating func finish() {
        flush()
        if dropped > 0 {
            backlog?.force(1)
            continuation.yield([.dropped(count: dropped, time: droppedAt)])
            dropped = 0
        }
        continuation.finish()
    }
}
