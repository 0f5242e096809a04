/// What a library keeps about a session's notes, computed from its messages alone so it is known
/// before any analysis and agrees with it: how many notes were struck, where the last sound
/// ends, and how long someone was playing.
public struct NoteSummary: Hashable, Sendable {
    /// Note-ons with a velocity above 0 (``MIDIMessage/isNoteOn(_:)``).
    public var noteCount = 0
    /// ``Note/lastSoundEnd(of:)`` of the notes: nanoseconds from time 0; 0 without notes.
    public var lastSoundEnd: Int64 = 0
    /// ``Note/activeDuration(of:bridging:)`` of the notes: the playing time, nanoseconds.
    public var activeDuration: Int64 = 0

    public init() {}

    /// Pairs the messages into notes (``NoteTracker``: pedals folded in) and sums them up.
    /// - Parameters:
    ///   - end: notes still sounding then end here (a session's last event), as analysis ends
    ///     them; nil: at the last message.
    ///   - next: the messages in time order, one per call, nil after the last — so a caller
    ///     reading a database cursor needs no array of them.
    /// - Complexity: O(n log n) time, O(notes) memory.
    public init(endingAt end: Int64? = nil, _ next: () throws -> TimedMessage?) rethrows {
        var tracker = NoteTracker()
        while let message = try next() {
            if case .noteOn = message.message { noteCount += 1 }
            tracker.consume(message)
        }
        let notes = tracker.finish(at: end)
        lastSoundEnd = Note.lastSoundEnd(of: notes)
        activeDuration = Note.activeDuration(of: notes)
    }

    /// The summary of `messages` (in time order). O(n log n).
    public init(_ messages: some Sequence<TimedMessage>, endingAt end: Int64? = nil) {
        var iterator = messages.makeIterator()
        self.init(endingAt: end) { iterator.next() }
    }
}
