public import Foundation
public import MIDICore

/// Where a session's events came from.
public enum SourceKind: String, Codable, Sendable, CaseIterable {
    /// Recorded live from the ALSA sequencer.
    case capture
    /// Imported from a MIDI file.
    case `import`
    /// Recorded from a raw byte stream (stdin, a rawmidi or serial device) or a replayed file.
    case stream
}

/// The life of a session row.
public enum SessionState: String, Codable, Sendable {
    /// A recorder is (or was, until it died) appending to it.
    case open
    /// Ended cleanly.
    case closed
    /// Its recorder was killed; closed at its last event on the next start.
    case recovered
}

/// A session as listed: when, how long, how much, from where.
public struct SessionInfo: Hashable, Sendable, Codable {
    public var id: Int64
    /// Wall-clock time of session time 0, Unix-epoch nanoseconds.
    public var startNs: Int64
    /// Time zone identifier where it was recorded (e.g. "Europe/Vienna").
    public var timeZone: String
    /// UTC offset in seconds at the start.
    public var utcOffset: Int
    /// Nanoseconds from time 0 to the end of the last sound (``Note/lastSoundEnd(of:)``; 0
    /// without notes); while the session is being recorded, to its latest event.
    public var durationNs: Int64
    /// Nanoseconds during which notes sounded (gaps under 2 s bridged); see ``Note/activeDuration(of:bridging:)``.
    public var activeNs: Int64
    public var state: SessionState
    public var sourceKind: SourceKind
    /// Device names or the imported file.
    public var source: String
    public var title: String?
    public var eventCount: Int
    public var noteCount: Int
    public var overrunCount: Int
    /// Time of the last stored event, nanoseconds from time 0.
    public var lastEventNs: Int64
    /// Tags, sorted by name.
    public var tags: [String]

    /// Start as a `Date`.
    public var start: Date { Date(timeIntervalSince1970: Double(startNs) / 1e9) }

    /// ISO 8601 local time with the recorded UTC offset, e.g. "2026-11-25T18:03:12+01:00".
    public var startISO8601: String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(secondsFromGMT: utcOffset) ?? .gmt
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: start)
    }
}

/// What a new session needs to be created.
public struct NewSession: Sendable {
    public var startNs: Int64
    public var timeZone: TimeZone
    public var sourceKind: SourceKind
    public var source: String
    public var title: String?

    public init(
        start: Date,
        timeZone: TimeZone = .current,
        sourceKind: SourceKind,
        source: String,
        title: String? = nil
    ) {
        self.startNs = Int64((start.timeIntervalSince1970 * 1e9).rounded())
        self.timeZone = timeZone
        self.sourceKind = sourceKind
        self.source = source
        self.title = title
    }
}

/// An input of a session: a device port or a file track.
public struct PortInfo: Hashable, Sendable, Codable {
    /// Index used by events of this session.
    public var port: UInt16
    public var name: String
    /// ALSA address ("24:0"), or "track N" for a file.
    public var address: String

    public init(port: UInt16, name: String, address: String = "") {
        self.port = port
        self.name = name
        self.address = address
    }
}

/// A raw event as stored: time, port and the exact bytes of one MIDI message.
public struct RawEvent: Hashable, Sendable {
    /// Nanoseconds from session time 0.
    public var time: Int64
    public var port: UInt16
    public var bytes: [UInt8]

    public init(time: Int64, port: UInt16, bytes: [UInt8]) {
        self.time = time
        self.port = port
        self.bytes = bytes
    }

    public init(_ message: TimedMessage) {
        self.init(time: message.time, port: message.port, bytes: message.message.bytes)
    }

    /// The decoded message, or nil for bytes that are not one complete MIDI message.
    public var timedMessage: TimedMessage? {
        MIDIMessage(bytes: bytes).map { TimedMessage(time: time, port: port, message: $0) }
    }
}
