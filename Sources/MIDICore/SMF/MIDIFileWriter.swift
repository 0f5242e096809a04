extension StandardMIDIFile {
    /// The file as Standard MIDI File bytes.
    ///
    /// Channel messages use running status; meta and SysEx events cancel it, so strict readers
    /// accept the result. Events are written in tick order (stable), and a track without an
    /// end-of-track event gets one at its last tick. O(n) in the number of events.
    public func encoded() -> [UInt8] {
        var out: [UInt8] = Array("MThd".utf8)
        Self.appendUInt32(6, to: &out)
        Self.appendUInt16(format.rawValue, to: &out)
        Self.appendUInt16(UInt16(clamping: tracks.count), to: &out)
        switch division {
        case .ticksPerQuarter(let ppq):
            Self.appendUInt16(ppq & 0x7FFF, to: &out)
        case .smpte(let fps, let ticksPerFrame):
            out.append(UInt8(truncatingIfNeeded: 256 - Int(fps)))
            out.append(ticksPerFrame)
        }
        for track in tracks {
            let body = Self.encode(track)
            out += Array("MTrk".utf8)
            Self.appendUInt32(UInt32(body.count), to: &out)
            out += body
        }
        return out
    }

    private static func encode(_ track: Track) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(track.events.count * 4)
        var previousTick: UInt64 = 0
        var runningStatus: UInt8 = 0
        let ordered = track.events.enumerated().sorted { ($0.element.tick, $0.offset) < ($1.element.tick, $1.offset) }
        var wroteEnd = false
        for (_, event) in ordered where !wroteEnd {
            appendVariableLength(UInt32(clamping: event.tick - previousTick), to: &out)
            previousTick = event.tick
            switch event.kind {
            case .midi(.sysEx(let bytes)):
                out.append(0xF0)
                let body = bytes.first == 0xF0 ? Array(bytes.dropFirst()) : bytes
                appendVariableLength(UInt32(body.count), to: &out)
                out += body
                runningStatus = 0
            case .midi(let message):
                let bytes = message.bytes
                if bytes[0] < 0xF0 && bytes[0] == runningStatus {
                    out += bytes.dropFirst()
                } else {
                    out += bytes
                    runningStatus = bytes[0] < 0xF0 ? bytes[0] : 0
                }
            case .meta(let meta):
                let (type, data) = meta.encoded
                out += [0xFF, type]
                appendVariableLength(UInt32(data.count), to: &out)
                out += data
                runningStatus = 0
                wroteEnd = meta == .endOfTrack
            case .escape(let bytes):
                out.append(0xF7)
                appendVariableLength(UInt32(bytes.count), to: &out)
                out += bytes
                runningStatus = 0
            }
        }
        if !wroteEnd {
            out += [0x00, 0xFF, 0x2F, 0x00]
        }
        return out
    }

    static func appendVariableLength(_ value: UInt32, to out: inout [UInt8]) {
        let value = min(value, 0x0FFF_FFFF)
        var groups: [UInt8] = [UInt8(value & 0x7F)]
        var rest = value >> 7
        while rest > 0 {
            groups.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        out += groups.reversed()
    }

    private static func appendUInt16(_ value: UInt16, to out: inout [UInt8]) {
        out += [UInt8(value >> 8), UInt8(value & 0xFF)]
    }

    private static func appendUInt32(_ value: UInt32, to out: inout [UInt8]) {
        out += [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }
}

extension StandardMIDIFile {
    /// A format-1 file of a performance timed in nanoseconds: a conductor track (title, tempo,
    /// 4/4) and one track per port, named after it.
    ///
    /// The defaults — 60 bpm and 1000 ticks per quarter note — make one tick exactly 1 ms, so every
    /// time survives to within 0.5 ms, and a 2.7-hour session stays under the 10 million ticks
    /// beyond which some readers (pretty_midi) call a file corrupt. The tempo is a grid for DAWs,
    /// not a claim about the music.
    /// O(n) in the number of messages (which must be in time order per port).
    public init(
        performance messages: [TimedMessage],
        portNames: [String] = [],
        title: String? = nil,
        ticksPerQuarter: UInt16 = 1000,
        microsecondsPerQuarter: UInt32 = 1_000_000
    ) {
        let ticksPerNanosecondDenominator = Int128(microsecondsPerQuarter) * 1000
        func tick(_ time: Int64) -> UInt64 {
            let scaled = Int128(max(0, time)) * Int128(ticksPerQuarter)
            return UInt64((scaled + ticksPerNanosecondDenominator / 2) / ticksPerNanosecondDenominator)
        }
        var conductor = Track()
        if let title { conductor.events.append(Event(tick: 0, kind: .meta(.text(.trackName, Array(title.utf8))))) }
        conductor.events.append(Event(tick: 0, kind: .meta(.tempo(microsecondsPerQuarter))))
        conductor.events.append(
            Event(
                tick: 0,
                kind: .meta(
                    .timeSignature(numerator: 4, denominatorPower: 2, clocksPerClick: 24, thirtySecondsPerQuarter: 8)
                )
            )
        )
        let portCount = max(portNames.count, Int(messages.map(\.port).max() ?? 0) + 1)
        var portTracks = (0..<portCount).map { port in
            Track(
                events: port < portNames.count
                    ? [Event(tick: 0, kind: .meta(.text(.trackName, Array(portNames[port].utf8))))] : []
            )
        }
        var lastTick: UInt64 = 0
        for message in messages {
            let t = tick(message.time)
            lastTick = max(lastTick, t)
            portTracks[Int(message.port)].events.append(Event(tick: t, kind: .midi(message.message)))
        }
        conductor.events.append(Event(tick: lastTick, kind: .meta(.endOfTrack)))
        for index in portTracks.indices {
            portTracks[index].events.append(Event(tick: lastTick, kind: .meta(.endOfTrack)))
        }
        self.init(
            format: .simultaneousTracks,
            division: .ticksPerQuarter(ticksPerQuarter),
            tracks: [conductor] + portTracks.filter { $0.events.count > 1 }
        )
    }
}
