/// How long a session can plausibly last, and what happens to time beyond it.
///
/// A practice session is at most a day: `plausible` is 24 hours. A MIDI file whose events lie
/// beyond that has a damaged delta time or tempo (a 51-byte file can claim 167,185 hours), so
/// `woodshed import` and `woodshed analyze FILE` refuse it with ``SessionSpanError``, naming
/// the first event past the limit. Analysis bounds what it is given all the same (a session
/// stored before this rule, a stream): ``bounded(_:)`` keeps the notes that begin within the
/// span and ends every note at the span's end at the latest, so every later computation works
/// on times ≤ 24 h, where sums and differences of times cannot overflow and nothing is sized
/// by the time a session claims.
public enum SessionSpan {
    /// 24 hours, in nanoseconds.
    public static let plausible: Int64 = 24 * 3_600 * .nanosecondsPerSecond

    /// Notes as analysis takes them: those beginning in `0..<plausible` (earlier or later ones
    /// are left out), each ending by `plausible`. O(n); returns `notes` itself when all fit.
    public static func bounded(_ notes: [Note]) -> [Note] {
        guard notes.contains(where: { !fits($0) }) else { return notes }
        return notes.compactMap { note in
            guard note.onset >= 0, note.onset < plausible else { return nil }
            var kept = note
            kept.release = min(max(note.release, note.onset), plausible)
            kept.end = min(max(note.end, kept.release), plausible)
            return kept
        }
    }

    /// Times (pedal moves) within the span.
    public static func bounded(_ times: [Int64]) -> [Int64] {
        times.allSatisfy { $0 >= 0 && $0 < plausible } ? times : times.filter { $0 >= 0 && $0 < plausible }
    }

    private static func fits(_ note: Note) -> Bool {
        note.onset >= 0 && note.onset <= note.release && note.release <= note.end && note.end <= plausible
    }

    /// Throws when a message lies past the plausible span. O(1): messages are in time order.
    /// - Throws: ``SessionSpanError`` naming the first message beyond it.
    public static func check(_ performance: Performance) throws(SessionSpanError) {
        guard let last = performance.messages.last, last.time >= plausible || performance.messages[0].time < 0 else {
            return
        }
        let index = performance.messages.firstIndex { $0.time >= plausible || $0.time < 0 } ?? 0
        throw SessionSpanError(
            messageIndex: index,
            messageCount: performance.messages.count,
            time: performance.messages[index].time
        )
    }
}

/// A MIDI file whose events run past ``SessionSpan/plausible``: damaged timing.
public struct SessionSpanError: UserFacingError, Hashable, Sendable {
    /// 0-based index of the first message past the span, in time order.
    public var messageIndex: Int
    /// How many messages the file has.
    public var messageCount: Int
    /// When that message would be, in nanoseconds from the file's start.
    public var time: Int64
    /// The file, once known.
    public var path: String?

    public init(messageIndex: Int, messageCount: Int, time: Int64, path: String? = nil) {
        self.messageIndex = messageIndex
        self.messageCount = messageCount
        self.time = time
        self.path = path
    }

    /// "x.mid: message 3,201 of 6,400 lies 167185 h after the start, past 24 h, the longest a
    /// session can be: a delta time or tempo in the file is damaged".
    public var message: String {
        let file = path.map { "\($0): " } ?? ""
        let hours = time / (3_600 * .nanosecondsPerSecond)
        return "\(file)message \(messageIndex + 1) of \(messageCount) lies \(hours) h after the start, "
            + "past 24 h, the longest a session can be: a delta time or tempo in the file is damaged"
    }

    public var hint: String? { "fix its timing in a MIDI editor, or cut the file into sessions" }

    public var exitStatus: ExitStatus { .userError }
}
