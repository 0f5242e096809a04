/// A sounded note, as analysis sees it: onset, how long it sounded, key, velocity, channel.
///
/// `end` includes the pedals: a key released while the damper (CC 64) or sostenuto (CC 66)
/// pedal holds it keeps sounding until the pedal lifts or the key is struck again. `release`
/// is when the finger let go.
public struct Note: Hashable, Sendable {
    /// Nanoseconds from the start of the session.
    public var onset: Int64
    /// When the key was released (nanoseconds); equals `end` when no pedal held the note.
    public var release: Int64
    /// When the note stopped sounding (nanoseconds), ≥ `release`.
    public var end: Int64
    /// MIDI key number, 0...127 (60 is middle C).
    public var key: UInt8
    /// Attack velocity, 1...127.
    public var velocity: UInt8
    /// MIDI channel, 0...15.
    public var channel: UInt8
    /// Source port within the session.
    public var port: UInt16

    public init(
        onset: Int64,
        release: Int64,
        end: Int64,
        key: UInt8,
        velocity: UInt8,
        channel: UInt8 = 0,
        port: UInt16 = 0
    ) {
        self.onset = onset
        self.release = release
        self.end = end
        self.key = key
        self.velocity = velocity
        self.channel = channel
        self.port = port
    }

    /// Sounding duration in nanoseconds.
    public var duration: Int64 { end - onset }
}

extension Note {
    /// Pairs note-ons with note-offs and folds in the pedals. See ``NoteTracker``.
    /// - Parameter messages: in time order. O(n log n) (notes are sorted by onset at the end).
    public static func notes(from messages: some Sequence<TimedMessage>) -> [Note] {
        // Messages in contiguous storage (an array): one note per note-on, so they are counted
        // first and the tracker writes the notes straight into an array of exactly that size —
        // no growing, no copy-on-write check per note, no copy at the end.
        let direct: [Note]? = messages.withContiguousStorageIfAvailable { messages in
            var noteOns = 0
            for index in messages.indices {
                // A sum, not a branch: note-ons and other messages come in no predictable order.
                noteOns &+= messages[index].message.isNoteOn ? 1 : 0
            }
            return [Note](unsafeUninitializedCapacity: noteOns) { notes, count in
                var tracker = NoteTracker(notesIn: notes)
                tracker.consume(contentsOf: messages)
                count = tracker.finishInPlace()
            }
        }
        if let direct { return direct }
        var tracker = NoteTracker()
        // About every other message of a performance is a note-on.
        tracker.reserveCapacity(notes: messages.underestimatedCount / 2 + 16)
        tracker.consume(contentsOf: messages)
        return tracker.finish()
    }
}
