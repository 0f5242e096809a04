public import MIDICapture
public import MIDICore
public import PracticeReports

/// What the recorder tells its front end, as it happens. The recorder decides nothing about
/// words or terminals: the `woodshed record` command turns these into a status line and log
/// lines, another front end may show them otherwise.
public enum RecorderEvent: Sendable {
    /// Recording began from the source described.
    case started(source: String)
    /// A device was attached; `again` when it had been attached before. `delay` is how long
    /// after the kernel announced a hot-plugged device it was recording (nil when present at
    /// the start).
    case attached(CaptureDevice, again: Bool, delay: Nanoseconds?)
    /// A device went away — unplugged, or a file or stream that ended — and the notes it left
    /// sounding were ended (`endedNotes` of them).
    case detached(CaptureDevice, endedNotes: Int)
    /// The kernel dropped MIDI events (its input queue was full) at this wall-clock time,
    /// Unix-epoch nanoseconds.
    case overrun(wallClock: Nanoseconds)
    /// Something worth telling the musician that does not stop recording.
    case warning(String)
    /// Capture failed; recording stops and ``Recorder/failure`` says why.
    case failed(String)
    /// A session was opened by its first note.
    case sessionStarted(id: Int64)
    /// A session was closed and is durable in the library; its analysis follows.
    case sessionClosed(SessionSummary)
    /// A closed session was analysed and its report stored with its automatic tags.
    case sessionAnalysed(id: Int64, report: PracticeReport)
    /// A closed session is stored, but its analysis failed.
    case analysisFailed(id: Int64, problem: any UserFacingError)
    /// The live state, every flush interval while a session is open (and once when it closes).
    case status(RecorderStatus)
    /// The capture stream ended; no status follows.
    case stopped
}

/// One finished session, for the log and the end-of-run summary.
public struct SessionSummary: Hashable, Sendable {
    public var id: Int64
    /// Wall clock, Unix-epoch nanoseconds.
    public var start: Nanoseconds
    public var duration: Nanoseconds
    public var notes: Int
    public var events: Int
    public var devices: Int
    public var overruns: Int
}

/// The recorder right now, for a live status line.
public struct RecorderStatus: Hashable, Sendable {
    /// Time since the open session started; 0 between sessions.
    public var elapsed: Nanoseconds
    /// Notes of the open session.
    public var notes: Int
    /// Devices attached now.
    public var devices: Int
    /// The open session; nil while waiting for the first note.
    public var sessionID: Int64?
    /// Overruns in the open session.
    public var overruns: Int
    /// MIDI messages of the open session the capture queue dropped (the recorder fell behind).
    public var dropped: Int = 0
}

/// Receives a recorder's events. Called from the recorder's actor and, for analyses, from the
/// background analysis thread, one event at a time per source, so implementations must be
/// thread-safe and quick.
public protocol RecorderObserver: Sendable {
    func recorder(_ event: RecorderEvent)
}
