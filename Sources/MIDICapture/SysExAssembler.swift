/// Reassembles System Exclusive messages that arrive in chunks.
///
/// The sequencer delivers a long SysEx as several `SND_SEQ_EVENT_SYSEX` events: the first chunk
/// starts with 0xF0, the last ends with 0xF7 (drivers cut at their buffer size, virmidi at what
/// one write delivered). One assembler serves one source port.
///
/// Nothing is dropped: a SysEx cut short by a new 0xF0 (or ended by ``flush()`` when another
/// message arrives) is emitted as received, without 0xF7, as ``MIDICore/MIDIStreamDecoder``
/// does; a chunk whose start was lost (after an overrun) becomes a fragment of its own.
/// Messages longer than ``maxLength`` keep their first bytes and their 0xF7, and are counted in
/// ``truncated``. O(bytes) per chunk; memory O(maxLength).
public struct SysExAssembler: Sendable {
    /// The longest SysEx kept, in bytes (1 MiB by default).
    public var maxLength: Int
    /// SysEx messages cut because they were longer than ``maxLength``.
    public private(set) var truncated = 0
    private var pending: [UInt8]? = nil
    private var overflowed = false

    public init(maxLength: Int = 1 << 20) {
        self.maxLength = max(maxLength, 2)
    }

    /// True while a SysEx has started and not ended.
    public var isOpen: Bool { pending != nil }

    /// Adds one chunk; returns the messages it completed, in order (usually 0 or 1).
    public mutating func add(_ chunk: some Sequence<UInt8>) -> [[UInt8]] {
        var finished: [[UInt8]] = []
        for byte in chunk {
            if byte == 0xF0, let cut = flush() { finished.append(cut) }
            if pending == nil {
                pending = []
                overflowed = false
            }
            append(byte)
            if byte == 0xF7, let done = flush() { finished.append(done) }
        }
        return finished
    }

    /// Ends the message in progress and returns what was received of it, if anything.
    public mutating func flush() -> [UInt8]? {
        defer {
            pending = nil
            overflowed = false
        }
        guard let message = pending, !message.isEmpty else { return nil }
        return message
    }

    private mutating func append(_ byte: UInt8) {
        if pending!.count < maxLength {
            pending!.append(byte)
            return
        }
        if !overflowed {
            overflowed = true
            truncated += 1
        }
        // Keep the terminator so a cut message still reads as complete.
        if byte == 0xF7 { pending![pending!.count - 1] = 0xF7 }
    }
}
