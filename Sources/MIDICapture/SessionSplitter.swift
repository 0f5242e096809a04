public import MIDICore

/// Splits an always-on capture into practice sessions at long silences.
///
/// A session opens at the first *activity* (any message except the realtime ones: clock,
/// start, continue, stop, active sensing, reset) and closes at its last activity once nothing
/// active has come for longer than ``gap``. Shorter pauses stay inside the session as breaks.
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

    public static let defaultGap: Nanoseconds = 10 * 60 * .nanosecondsPerSecond

    public init(gap: Nanoseconds = SessionSplitter.defaultGap) {
        self.gap = gap
    }

    /// Whether `message` counts as playing (opens or extends a session).
    public static func isActivity(_ message: MIDIMessage) -> Bool { !message.isRealtime }

    /// Feeds one captured message (in time order).
    public mutating func consume(_ message: CapturedMessage) -> [Step] {
        var steps = expire(now: message.time)
        if Self.isActivity(message.message) {
            if openedAt == nil {
                openedAt = message.time
                steps.append(.open(at: message.time))
            }
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

    /// Ends capture: closes the open session at its last activity.
    public mutating func finish() -> [Step] {
        openedAt == nil ? [] : close()
    }

    private mutating func close() -> [Step] {
        let end = lastActivity ?? openedAt ?? 0
        openedAt = nil
        lastActivity = nil
        heldBack.removeAll()
        return [.close(at: end)]
    }
}
