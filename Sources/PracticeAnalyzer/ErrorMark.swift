/// When and on which key a take went wrong, for a take judged against its passage's own best
/// rendition (no score): one wrong, missing or extra note. A take judged against a score has
/// ``ErrorPlace``s instead, with the printed bar and beat.
///
/// In JSON (the report's `takes[].errorMarks`): `{"kind": "missing", "key": 64, "time": 81.234}`.
public struct ErrorMark: Codable, Hashable, Sendable {
    public var kind: ErrorPlace.Kind
    /// MIDI key played (wrong, extra) or left out (missing).
    public var key: UInt8
    /// Seconds from the start of the session: when the key was played, or when the note left
    /// out was due.
    public var time: Double

    public init(kind: ErrorPlace.Kind, key: UInt8, time: Double) {
        self.kind = kind
        self.key = key
        self.time = time
    }
}
