extension StandardMIDIFile {
    /// The file as Standard MIDI File bytes.
    ///
    /// Channel messages use running status; meta and SysEx events cancel it, so strict readers
    /// accept the result. Events are written in tick order (stable), and a track without an
    /// end-of-track event gets one at its last tick. O(n) in the number of events.
    public func encoded() -> [UInt8] {
        // Most events take 2 to 4 bytes; a wrong guess only costs a reallocation.
        var out = ByteWriter(capacity: tracks.reduce(14) { $0 + 12 + 4 * $1.events.count })
        out.append(contentsOf: "MThd".utf8)
        out.appendUInt32(6)
        out.reserve(6)
        for value in [format.rawValue, UInt16(clamping: tracks.count)] {
            out.append(UInt8(value >> 8))
            out.append(UInt8(value & 0xFF))
        }
        switch division {
        case .ticksPerQuarter(let ppq):
            out.append(UInt8(ppq >> 8 & 0x7F))
            out.append(UInt8(ppq & 0xFF))
        case .smpte(let fps, let ticksPerFrame):
            out.append(UInt8(truncatingIfNeeded: 256 - Int(fps)))
            out.append(ticksPerFrame)
        }
        for track in tracks {
            out.append(contentsOf: "MTrk".utf8)
            let lengthOffset = out.count
            out.appendUInt32(0)
            Self.encode(track, into: &out)
            out.setUInt32(UInt32(out.count - lengthOffset - 4), at: lengthOffset)
        }
        return out.finish()
    }

    /// Appends a track's events in tick order (stable), up to its first end-of-track.
    private static func encode(_ track: Track, into out: inout ByteWriter) {
        let events = track.events
        var inOrder = true
        for index in events.indices.dropFirst() where events[index].tick < events[index - 1].tick {
            inOrder = false
            break
        }
        var previousTick: UInt64 = 0
        var runningStatus: UInt8 = 0
        var wroteEnd = false
        if inOrder {
            for event in events where !wroteEnd {
                wroteEnd = encode(event, after: &previousTick, runningStatus: &runningStatus, into: &out)
            }
        } else {
            let order = events.indices.sorted { (events[$0].tick, $0) < (events[$1].tick, $1) }
            for index in order where !wroteEnd {
                wroteEnd = encode(events[index], after: &previousTick, runningStatus: &runningStatus, into: &out)
            }
        }
        if !wroteEnd {
            out.append(contentsOf: [0x00, 0xFF, 0x2F, 0x00])
        }
    }

    /// Appends one event with its delta time; true when it was the end of the track.
    @inline(__always)
    private static func encode(
        _ event: Event,
        after previousTick: inout UInt64,
        runningStatus: inout UInt8,
        into out: inout ByteWriter
    ) -> Bool {
        // A delta time and a channel message: at most 4 + 3 bytes.
        out.reserve(7)
        out.appendVariableLength(UInt32(clamping: event.tick - previousTick))
        previousTick = event.tick
        switch event.kind {
        case .midi(.sysEx(let payload)):
            let bytes = payload.bytes
            let body = bytes.first == 0xF0 ? bytes.dropFirst() : bytes[...]
            out.append(0xF0)
            out.appendVariableLength(UInt32(body.count))
            out.append(contentsOf: body)
            runningStatus = 0
        case .midi(let message):
            let status = message.status
            if status >= 0xF0 || status != runningStatus {
                out.append(status)
                runningStatus = status < 0xF0 ? status : 0
            }
            let data = message.data
            if data.count > 0 { out.append(data.first) }
            if data.count > 1 { out.append(data.second) }
        case .meta(let meta):
            let (type, data) = meta.encoded
            out.append(0xFF)
            out.append(type)
            out.appendVariableLength(UInt32(data.count))
            out.append(contentsOf: data)
            runningStatus = 0
            return meta == .endOfTrack
        case .escape(let bytes):
            out.append(0xF7)
            out.appendVariableLength(UInt32(bytes.count))
            out.append(contentsOf: bytes)
            runningStatus = 0
        }
        return false
    }

    /// A variable-length quantity: `value` (at most 0x0FFFFFFF; larger values are clamped) in
    /// 1 to 4 bytes of seven bits, most significant first, packed into the low `count` bytes
    /// of `bytes` (the first byte highest).
    static func variableLength(_ value: UInt32) -> (bytes: UInt32, count: Int) {
        let value = min(value, 0x0FFF_FFFF)
        var bytes = value & 0x7F
        var count = 1
        var rest = value >> 7
        while rest > 0 {
            bytes |= (rest & 0x7F | 0x80) << (8 * UInt32(count))
            rest >>= 7
            count += 1
        }
        return (bytes, count)
    }

    /// Appends ``variableLength(_:)`` of `value` to `out`.
    static func appendVariableLength(_ value: UInt32, to out: inout [UInt8]) {
        let (bytes, count) = variableLength(value)
        for index in stride(from: count - 1, through: 0, by: -1) {
            out.append(UInt8(truncatingIfNeeded: bytes >> (8 * UInt32(index))))
        }
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
    /// O(n × p) for n messages (in time order per port) on p ports.
    public init(
        performance messages: [TimedMessage],
        portNames: [String] = [],
        title: String? = nil,
        ticksPerQuarter: UInt16 = 1000,
        microsecondsPerQuarter: UInt32 = 1_000_000
    ) {
        let nanosecondsPerQuarter = Int64(microsecondsPerQuarter) * 1000
        // The tick nearest `time`, exactly: 64-bit arithmetic unless the product would overflow.
        func tick(_ time: Int64) -> UInt64 {
            let (scaled, overflow) = max(0, time).multipliedReportingOverflow(by: Int64(ticksPerQuarter))
            if !overflow && scaled <= Int64.max - nanosecondsPerQuarter / 2 {
                return UInt64((scaled + nanosecondsPerQuarter / 2) / nanosecondsPerQuarter)
            }
            let denominator = Int128(nanosecondsPerQuarter)
            return UInt64((Int128(max(0, time)) * Int128(ticksPerQuarter) + denominator / 2) / denominator)
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
        var messagesOfPort = [Int](repeating: 0, count: portNames.count)
        for index in messages.indices {
            let port = Int(messages[index].port)
            if port >= messagesOfPort.count {
                messagesOfPort += repeatElement(0, count: port + 1 - messagesOfPort.count)
            }
            messagesOfPort[port] += 1
        }
        let portCount = max(messagesOfPort.count, 1)
        // One pass over the messages per port (a session has a port per instrument: a few),
        // filling one local array at a time.
        var portTracks: [Track] = []
        var lastTick: UInt64 = 0
        for port in 0..<UInt16(portCount) {
            var events: [Event] = []
            if port < portNames.count {
                events.append(Event(tick: 0, kind: .meta(.text(.trackName, Array(portNames[Int(port)].utf8)))))
            }
            events.reserveCapacity(
                events.count + (Int(port) < messagesOfPort.count ? messagesOfPort[Int(port)] : 0) + 1
            )
            for message in messages where message.port == port {
                let t = tick(message.time)
                lastTick = max(lastTick, t)
                events.append(Event(tick: t, kind: .midi(message.message)))
            }
            portTracks.append(Track(events: events))
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
