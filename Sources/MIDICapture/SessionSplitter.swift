public import MIDICore

/// Splits an always-on capture into practice sessions at long silences.
///
/// A session opens at its first note (a note-on with a velocity above 0) and closes at its
/// last *activity* (any message except the realtime ones: clock, start, continue, stop, active
/// sensing, reset) once nothing active has come for longer than ``gap``. Shorter pauses stay
/// inside the session as breaks. Activity before the first note — a pedal pressed, a program
/// chosen, a SysEx — opens nothing: it is held back and begins the session when a note follows
/// within the gap (the session then starts at it), and is dropped otherwise, so a lone
/// note-off, controller or SysEx makes no session. At most ``preludeLimit`` such messages are
/// held (the latest), so a controller flood with no notes costs bounded memory.
///
/// Realtime messages neither open nor extend a session: a drum machine that sends clock all
/// day must not make one endless session. They are held back and recorded only when more
/// activity follows within the gap, so a session never holds idle clock ticks after its end.
/// All times are on the capture clock. O(1) per message, except that held-back messages are
/// released in one go (O(held)).
public struct SessionSplitter: Sendable {
    /// What the recorder should do, in order.
    public enum Step: Hashable, Sendable {
        case open(at: Nanoseconds)
        case record(CapturedMessage)
        case close(at: Nanoseconds)
    }

    /// Silence that ends a session, in nanoseconds (10 minutes by default).
    public var gap: Nanoseconds
    /// When the open session started, `nil` between sessions.
    public private(set) var openedAt: Nanoseconds?
    /// The last activity of the open session.
    public private(set) var lastActivity: Nanoseconds?
    private var heldBack: [CapturedMessage] = []
    /// Activity since the last session, before any note: see the type's comment.
    private var prelude: [CapturedMessage] = []
    /// The most messages held before a session's first note.
    public static let preludeLimit = 4_096

    public static let defaultGap: Nanoseconds = 10 * 60 * .nanosecondsPerSecond

    public init(gap: Nanoseconds = SessionSplitter.defaultGap) {
        self.gap = gap
    }

    /// Whether `message` counts as playing (opens or extends a session).
    public static func isActivity(_ message: MIDIMessage) -> Bool { !message.isRealtime }

    /// Whether `message` opens a session: a note struck.
    public static func opensSession(_ message: MIDIMessage) -> Bool {
        if case .noteOn = message { return true }
        return false
    }

    /// Feeds one captured message (in time order).
    public mutating func consume(_ message: CapturedMessage) -> [Step] {
        var steps = expire(now: message.time)
        if openedAt == nil {
            guard Self.isActivity(message.message) else { return steps }
            // Held activity older than the gap belongs to no session.
            let since = message.time - gap
            if let first = prelude.firstIndex(where: { $0.time >= since }), first > 0 {
                prelude.removeFirst(first)
            } else if prelude.last.map({ $0.time < since }) == true {
                prelude.removeAll()
            }
            guard Self.opensSession(message.message) else {
                if prelude.count >= Self.preludeLimit { prelude.removeFirst(prelude.count - Self.preludeLimit + 1) }
                prelude.append(message)
                return steps
            }
            let start = prelude.first?.time ?? message.time
            openedAt = start
            steps.append(.open(at: start))
            steps += prelude.map { .record($0) }
            prelude.removeAll()
            steps.append(.record(message))
            lastActivity = message.time
            return steps
        }
        if Self.isActivity(message.message) {
            steps += heldBack.map { .record($0) }
            heldBack.removeAll()
            steps.append(.record(message))
            lastActivity = message.time
        } else if openedAt != nil {
            heldBack.append(message)
        }
        return steps
    }

    /// Closes the open session if it has been silent for longer than ``gap`` at `now`.
    public mutating func expire(now: Nanoseconds) -> [Step] {
        guard let last = lastActivity, openedAt != nil, now - last > gap else { return [] }
        return close()
    }

    /// Ends capture: closes the open session at its last activity; activity held before a
    /// note that never came is dropped.
    public mutating func finish() -> [Step] {
        prelude.removeAll()
        return openedAt == nil ? [] : close()
    }

    private mutating func close() -> [Step] {
        let end = lastActivity ?? openedAt ?? 0
        openedAt = nil
        lastActivity = nil
        heldBack.removeAll()
        return [.close(at: end)]
    }
}
