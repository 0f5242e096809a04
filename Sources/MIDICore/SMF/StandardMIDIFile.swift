/// A Standard MIDI File in memory: header fields and tracks of tick-stamped events.
///
/// Ticks live only here and in ``TempoMap``; everything downstream uses nanoseconds.
public struct StandardMIDIFile: Hashable, Sendable {
    /// SMF format: 0 (one track), 1 (simultaneous tracks), 2 (independent sequences).
    public enum Format: UInt16, Sendable {
        case singleTrack = 0
        case simultaneousTracks = 1
        case independentSequences = 2
    }

    /// How ticks relate to time.
    public enum Division: Hashable, Sendable {
        /// Metrical time: ticks per quarter note (1...32767); seconds come from the tempo map.
        case ticksPerQuarter(UInt16)
        /// Timecode: frames per second (24, 25, 29 meaning 30 drop-frame = 29.97, or 30) and ticks per frame.
        case smpte(framesPerSecond: UInt8, ticksPerFrame: UInt8)
    }

    public var format: Format
    public var division: Division
    public var tracks: [Track]
    /// Things the reader tolerated (missing end-of-track, trailing bytes, …), one line each.
    public var warnings: [String]

    public init(format: Format, division: Division, tracks: [Track], warnings: [String] = []) {
        self.format = format
        self.division = division
        self.tracks = tracks
        self.warnings = warnings
    }

    /// One MTrk chunk: events in file order, with absolute tick times.
    public struct Track: Hashable, Sendable {
        public var events: [Event]

        public init(events: [Event] = []) { self.events = events }

        /// The first track-name meta event, if any.
        public var name: String? {
            for event in events {
                if case .meta(.text(.trackName, let bytes)) = event.kind { return MetaEvent.string(from: bytes) }
            }
            return nil
        }
    }

    /// An event of a track at an absolute tick.
    public struct Event: Hashable, Sendable {
        public var tick: UInt64
        public var kind: Kind

        public init(tick: UInt64, kind: Kind) {
            self.tick = tick
            self.kind = kind
        }

        public enum Kind: Hashable, Sendable {
            /// A channel, system common or realtime message, or a complete SysEx (F0 … F7,
            /// reassembled from F0/F7 continuation packets).
            case midi(MIDIMessage)
            case meta(MetaEvent)
            /// An F7 "escape" event: bytes sent as they are (not part of a SysEx).
            case escape([UInt8])
        }
    }
}

/// Meta events (0xFF type length data) an SMF can hold; unknown types are kept whole.
public enum MetaEvent: Hashable, Sendable {
    /// Kinds of text meta events (types 0x01...0x0F).
    public enum TextKind: UInt8, Sendable {
        case text = 0x01
        case copyright = 0x02
        case trackName = 0x03
        case instrumentName = 0x04
        case lyric = 0x05
        case marker = 0x06
        case cuePoint = 0x07
        case programName = 0x08
        case deviceName = 0x09
    }

    case sequenceNumber(UInt16)
    /// Text as stored (SMF text has no declared encoding; see ``string(from:)``).
    case text(TextKind, [UInt8])
    case channelPrefix(UInt8)
    case port(UInt8)
    case endOfTrack
    /// Microseconds per quarter note (500000 is 120 bpm).
    case tempo(UInt32)
    case smpteOffset(hours: UInt8, minutes: UInt8, seconds: UInt8, frames: UInt8, subframes: UInt8)
    /// Numerator, denominator as a power of two, MIDI clocks per metronome click, 32nds per quarter.
    case timeSignature(numerator: UInt8, denominatorPower: UInt8, clocksPerClick: UInt8, thirtySecondsPerQuarter: UInt8)
    /// Sharps (positive) or flats (negative), and whether the key is minor.
    case keySignature(sharps: Int8, minor: Bool)
    case sequencerSpecific([UInt8])
    /// Any other meta type, including text types 0x0A...0x0F, kept byte for byte.
    case unknown(type: UInt8, data: [UInt8])

    /// Decodes SMF text: UTF-8 when valid, otherwise Latin-1 (what most old files use).
    public static func string(from bytes: [UInt8]) -> String {
        if let utf8 = String(validating: bytes, as: UTF8.self) { return utf8 }
        return String(bytes.map { Character(Unicode.Scalar($0)) })
    }

    /// The meta type byte and data bytes this event is written as.
    public var encoded: (type: UInt8, data: [UInt8]) {
        switch self {
        case .sequenceNumber(let n): return (0x00, [UInt8(n >> 8), UInt8(n & 0xFF)])
        case .text(let kind, let bytes): return (kind.rawValue, bytes)
        case .channelPrefix(let c): return (0x20, [c])
        case .port(let p): return (0x21, [p])
        case .endOfTrack: return (0x2F, [])
        case .tempo(let t): return (0x51, [UInt8(t >> 16 & 0xFF), UInt8(t >> 8 & 0xFF), UInt8(t & 0xFF)])
        case .smpteOffset(let h, let m, let s, let f, let sf): return (0x54, [h, m, s, f, sf])
        case .timeSignature(let n, let d, let c, let b): return (0x58, [n, d, c, b])
        case .keySignature(let sf, let mi): return (0x59, [UInt8(bitPattern: sf), mi ? 1 : 0])
        case .sequencerSpecific(let data): return (0x7F, data)
        case .unknown(let type, let data): return (type, data)
        }
    }

    /// Decodes a meta event; malformed known types (wrong length) are kept as `.unknown`.
    public static func decode(type: UInt8, data: [UInt8]) -> MetaEvent {
        switch (type, data.count) {
        case (0x00, 2): return .sequenceNumber(UInt16(data[0]) << 8 | UInt16(data[1]))
        case (0x01...0x09, _): return .text(TextKind(rawValue: type)!, data)
        case (0x20, 1): return .channelPrefix(data[0])
        case (0x21, 1): return .port(data[0])
        case (0x2F, 0): return .endOfTrack
        case (0x51, 3): return .tempo(UInt32(data[0]) << 16 | UInt32(data[1]) << 8 | UInt32(data[2]))
        case (0x54, 5):
            return .smpteOffset(hours: data[0], minutes: data[1], seconds: data[2], frames: data[3], subframes: data[4])
        case (0x58, 4):
            return .timeSignature(
                numerator: data[0],
                denominatorPower: data[1],
                clocksPerClick: data[2],
                thirtySecondsPerQuarter: data[3]
            )
        case (0x59, 2): return .keySignature(sharps: Int8(bitPattern: data[0]), minor: data[1] != 0)
        case (0x7F, _): return .sequencerSpecific(data)
        default: return .unknown(type: type, data: data)
        }
    }
}
