/// One MIDI 1.0 message, as a controller sends it, with small validated payloads.
///
/// Channels are 0...15, data values 0...127, pitch bend 0...16383 (8192 is centre). A note-on
/// with velocity 0 never exists as `.noteOn`: ``MIDIMessage/channelVoice(status:data1:data2:)``
/// turns it into `.noteOff` with velocity ``MIDIMessage/noteOnVelocityZero`` — the only place
/// where that rule lives. Its ``bytes`` are still the note-on as received (`9n kk 00`), so the
/// library stores what came; everything that reads messages sees a note-off.
public enum MIDIMessage: Hashable, Sendable {
    case noteOff(channel: UInt8, key: UInt8, velocity: UInt8)
    case noteOn(channel: UInt8, key: UInt8, velocity: UInt8)
    case polyPressure(channel: UInt8, key: UInt8, pressure: UInt8)
    case controlChange(channel: UInt8, controller: UInt8, value: UInt8)
    case programChange(channel: UInt8, program: UInt8)
    case channelPressure(channel: UInt8, pressure: UInt8)
    /// 14-bit value, 0...16383; 8192 means no bend.
    case pitchBend(channel: UInt8, value: UInt16)
    /// A complete System Exclusive message, including the leading 0xF0 and trailing 0xF7 (out of
    /// line, so that a message is a plain 5-byte value; see ``SysExPayload``).
    case sysEx(SysExPayload)
    case timeCodeQuarterFrame(UInt8)
    /// Song position in MIDI beats (sixteenth notes), 0...16383.
    case songPosition(UInt16)
    case songSelect(UInt8)
    case tuneRequest
    case clock
    case start
    case `continue`
    case stop
    case activeSensing
    case reset

    /// Builds a channel voice message from a status byte (0x80...0xEF) and its data bytes.
    ///
    /// This is the one place where note-on with velocity 0 becomes note-off: with the velocity
    /// ``noteOnVelocityZero``, outside the 7-bit range, so its ``bytes`` stay `9n kk 00`.
    /// - Returns: `nil` when `status` is not a channel voice status.
    @inline(__always)
    public static func channelVoice(status: UInt8, data1: UInt8, data2: UInt8) -> MIDIMessage? {
        let channel = status & 0x0F
        let d1 = data1 & 0x7F
        let d2 = data2 & 0x7F
        switch status & 0xF0 {
        case 0x80: return .noteOff(channel: channel, key: d1, velocity: d2)
        case 0x90:
            return d2 == 0
                ? .noteOff(channel: channel, key: d1, velocity: noteOnVelocityZero)
                : .noteOn(channel: channel, key: d1, velocity: d2)
        case 0xA0: return .polyPressure(channel: channel, key: d1, pressure: d2)
        case 0xB0: return .controlChange(channel: channel, controller: d1, value: d2)
        case 0xC0: return .programChange(channel: channel, program: d1)
        case 0xD0: return .channelPressure(channel: channel, pressure: d1)
        case 0xE0: return .pitchBend(channel: channel, value: UInt16(d1) | UInt16(d2) << 7)
        default: return nil
        }
    }

    /// Builds a system common or realtime message that carries no variable-length payload.
    /// - Returns: `nil` for 0xF0/0xF7 (SysEx framing) and the undefined 0xF4, 0xF5, 0xF9, 0xFD.
    public static func system(status: UInt8, data1: UInt8 = 0, data2: UInt8 = 0) -> MIDIMessage? {
        switch status {
        case 0xF1: return .timeCodeQuarterFrame(data1 & 0x7F)
        case 0xF2: return .songPosition(UInt16(data1 & 0x7F) | UInt16(data2 & 0x7F) << 7)
        case 0xF3: return .songSelect(data1 & 0x7F)
        case 0xF6: return .tuneRequest
        case 0xF8: return .clock
        case 0xFA: return .start
        case 0xFB: return .continue
        case 0xFC: return .stop
        case 0xFE: return .activeSensing
        case 0xFF: return .reset
        default: return nil
        }
    }

    /// The channel (0...15) of a channel voice message, `nil` for system messages.
    public var channel: UInt8? {
        switch self {
        case .noteOff(let c, _, _), .noteOn(let c, _, _), .polyPressure(let c, _, _),
            .controlChange(let c, _, _), .programChange(let c, _), .channelPressure(let c, _),
            .pitchBend(let c, _):
            return c
        default:
            return nil
        }
    }

    /// True for a note-on (whose velocity is above 0: see ``channelVoice(status:data1:data2:)``).
    @inline(__always)
    var isNoteOn: Bool {
        if case .noteOn = self { return true }
        return false
    }

    /// True for the single-byte realtime messages (clock, start, continue, stop, active sensing, reset).
    public var isRealtime: Bool {
        switch self {
        case .clock, .start, .continue, .stop, .activeSensing, .reset: return true
        default: return false
        }
    }

    /// The release velocity of a note-off that came as a note-on with velocity 0: 128, which
    /// no 7-bit velocity is. Its ``status`` is the note-on's and its velocity byte 0, so it is
    /// stored and exported exactly as received; a reader that wants a release velocity takes
    /// it as 64, MIDI 1.0's "none given".
    public static let noteOnVelocityZero: UInt8 = 0x80

    /// The status byte this message is sent with (for SysEx, 0xF0).
    public var status: UInt8 {
        switch self {
        case .noteOff(let c, _, let v): return (v == Self.noteOnVelocityZero ? 0x90 : 0x80) | c
        case .noteOn(let c, _, _): return 0x90 | c
        case .polyPressure(let c, _, _): return 0xA0 | c
        case .controlChange(let c, _, _): return 0xB0 | c
        case .programChange(let c, _): return 0xC0 | c
        case .channelPressure(let c, _): return 0xD0 | c
        case .pitchBend(let c, _): return 0xE0 | c
        case .sysEx: return 0xF0
        case .timeCodeQuarterFrame: return 0xF1
        case .songPosition: return 0xF2
        case .songSelect: return 0xF3
        case .tuneRequest: return 0xF6
        case .clock: return 0xF8
        case .start: return 0xFA
        case .continue: return 0xFB
        case .stop: return 0xFC
        case .activeSensing: return 0xFE
        case .reset: return 0xFF
        }
    }

    /// The complete wire encoding, status byte first. O(1) except SysEx, which is copied.
    public var bytes: [UInt8] {
        if case .sysEx(let payload) = self { return payload.bytes }
        let data = data
        switch data.count {
        case 0: return [status]
        case 1: return [status, data.first]
        default: return [status, data.first, data.second]
        }
    }

    /// The data bytes that follow the status byte: `count` (0, 1 or 2) of `first`, `second`.
    /// None for SysEx, whose payload ``bytes`` holds whole.
    var data: (count: Int, first: UInt8, second: UInt8) {
        switch self {
        case .noteOff(_, let k, let v), .noteOn(_, let k, let v), .polyPressure(_, let k, let v),
            .controlChange(_, let k, let v):
            return (2, k & 0x7F, v & 0x7F)
        case .programChange(_, let p), .channelPressure(_, let p), .timeCodeQuarterFrame(let p), .songSelect(let p):
            return (1, p & 0x7F, 0)
        case .pitchBend(_, let value), .songPosition(let value):
            return (2, UInt8(value & 0x7F), UInt8((value >> 7) & 0x7F))
        default:
            return (0, 0, 0)
        }
    }
}

/// Well-known controller numbers, named where analysis cares about them.
public enum ControllerNumber {
    public static let modulation: UInt8 = 1
    public static let volume: UInt8 = 7
    /// Damper (sustain) pedal: values ≥ 64 mean down.
    public static let sustain: UInt8 = 64
    public static let sostenuto: UInt8 = 66
    public static let soft: UInt8 = 67
    public static let allSoundOff: UInt8 = 120
    public static let resetAllControllers: UInt8 = 121
    public static let allNotesOff: UInt8 = 123
}

/// A message with the time it happened and the input it came from.
///
/// 16 bytes a message, nothing to release (``MIDIMessage`` is a plain 5-byte value; `port`
/// fills the word after it). Performances hold millions.
public struct TimedMessage: Hashable, Sendable {
    /// Nanoseconds from the start of the session (or file).
    public var time: Int64
    public var message: MIDIMessage
    /// Index of the source port within the session (0 for a single-source file).
    public var port: UInt16

    public init(time: Int64, port: UInt16 = 0, message: MIDIMessage) {
        self.time = time
        self.port = port
        self.message = message
    }
}

extension MIDIMessage {
    /// True when `bytes` decode (``init(bytes:)``) to a note-on with a velocity above 0 — a
    /// note struck. Three bytes, as every stored note-on is, are checked without decoding:
    /// O(1) and no allocation, for counting notes while recording.
    public static func isNoteOn(_ bytes: some Collection<UInt8>) -> Bool {
        // Contiguous bytes (an array) are read in place: called from another module, the
        // generic path below is unspecialised (1,500 instructions a call instead of 20).
        let contiguous = bytes.withContiguousStorageIfAvailable { buffer in
            buffer.count == 3 ? isNoteOn(status: buffer[0], key: buffer[1], velocity: buffer[2]) : nil
        }
        if let known = contiguous ?? nil { return known }
        guard bytes.count == 3 else {
            if case .noteOn = MIDIMessage(bytes: bytes) { return true }
            return false
        }
        var byte = bytes.makeIterator()
        guard let status = byte.next(), let key = byte.next(), let velocity = byte.next() else { return false }
        return isNoteOn(status: status, key: key, velocity: velocity)
    }

    /// Three bytes `status key velocity` are a note-on with a velocity above 0.
    @inline(__always)
    private static func isNoteOn(status: UInt8, key: UInt8, velocity: UInt8) -> Bool {
        guard status & 0xF0 == 0x90, key < 0x80, velocity < 0x80,
            case .noteOn = channelVoice(status: status, data1: key, data2: velocity)
        else { return false }
        return true
    }

    /// Decodes exactly one complete message (as stored in a session's event log).
    /// - Returns: nil when `bytes` is empty, incomplete, or holds more than one message.
    public init?(bytes: some Collection<UInt8>) {
        var decoder = MIDIStreamDecoder()
        var decoded: [MIDIMessage] = []
        decoder.decode(bytes) { decoded.append($0) }
        decoder.finish { decoded.append($0) }
        guard decoded.count == 1, decoder.droppedBytes == 0 else { return nil }
        self = decoded[0]
    }
}
