/// Where the track reader puts what it decodes: the file's event model, or a performance read
/// straight from the bytes. Events come in file order, except that an unterminated SysEx comes
/// last, at its own tick.
protocol TrackEventSink {
    /// Any event of the track.
    mutating func add(_ kind: StandardMIDIFile.Event.Kind, tick: UInt64)
    associatedtype Element: ChannelEvent
    /// Channel messages, the same as `add(.midi(message), tick:)` for each, until `run` ends.
    mutating func add(_ run: ChannelEventRun<Element>)
    /// The port a run's elements get.
    var port: UInt16 { get }
}

/// Builds the events of a ``StandardMIDIFile/Track``.
struct EventSink: TrackEventSink {
    var events: [StandardMIDIFile.Event] = []

    mutating func add(_ kind: StandardMIDIFile.Event.Kind, tick: UInt64) {
        events.append(StandardMIDIFile.Event(tick: tick, kind: kind))
    }

    var port: UInt16 { 0 }

    @inline(__always)
    mutating func add(_ run: ChannelEventRun<StandardMIDIFile.Event>) {
        events.append(contentsOf: run)
    }
}

extension StandardMIDIFile {
    /// Reads the events of one MTrk chunk whose bytes are exactly `cursor`'s range.
    static func readTrack(
        _ cursor: inout ByteCursor,
        index: Int,
        warnings: inout [String]
    ) throws(MIDIFileError) -> Track {
        var sink = EventSink()
        sink.events.reserveCapacity(cursor.remaining / 3)
        try readTrack(&cursor, index: index, warnings: &warnings, into: &sink)
        return Track(events: sink.events)
    }

    /// Decodes the events of one MTrk chunk whose bytes are exactly `cursor`'s range into `sink`.
    ///
    /// Running status is explicit state. It is set by channel messages only; meta and SysEx
    /// events leave it alone on reading because many files in the wild rely on that (mido reads
    /// them the same way), while ``StandardMIDIFile/encoded()`` never writes such files.
    static func readTrack<Sink: TrackEventSink>(
        _ cursor: inout ByteCursor,
        index: Int,
        warnings: inout [String],
        into sink: inout Sink
    ) throws(MIDIFileError) {
        var position = TrackReadPosition(offset: cursor.offset, tick: 0, runningStatus: 0)
        var pendingSysEx: (tick: UInt64, bytes: [UInt8])? = nil
        var sawEndOfTrack = false
        let bytes = cursor.bytes

        while !cursor.isAtEnd {
            // Channel messages, nearly every event of a performance, take the fast path; the
            // rest, and anything malformed, the careful one below (which names the error).
            position.offset = cursor.offset
            bytes.withUnsafeBufferPointer { buffer in
                withUnsafeMutablePointer(to: &position) { state in
                    sink.add(ChannelEventRun(bytes: buffer, end: cursor.end, state: state, port: sink.port))
                }
            }
            cursor.skip(position.offset - cursor.offset)
            if cursor.isAtEnd { break }
            position.tick += UInt64(try cursor.readVariableLength("a delta time in track \(index + 1)"))
            let statusOffset = cursor.offset
            let first = try cursor.readByte("an event in track \(index + 1)")
            switch first {
            case 0x00...0x7F:
                guard position.runningStatus != 0 else {
                    throw MIDIFileError(
                        offset: statusOffset,
                        expected: "a status byte in track \(index + 1) (no running status is in effect)",
                        found: "data byte \(MIDIFileError.hex(first))"
                    )
                }
                sink.add(.midi(try channelMessage(position.runningStatus, first: first, &cursor)), tick: position.tick)
            case 0x80...0xEF:
                position.runningStatus = first
                let data1 = try dataByte(&cursor, status: first)
                sink.add(.midi(try channelMessage(first, first: data1, &cursor)), tick: position.tick)
            case 0xFF:
                let type = try cursor.readByte("a meta event type")
                let length = Int(try cursor.readVariableLength("a meta event length"))
                let data = Array(try cursor.readBytes(length, "meta event \(MIDIFileError.hex(type))"))
                let meta = MetaEvent.decode(type: type, data: data)
                sink.add(.meta(meta), tick: position.tick)
                if meta == .endOfTrack {
                    sawEndOfTrack = true
                    if cursor.remaining > 0 {
                        warnings.append(
                            "track \(index + 1): ignored \(cursor.remaining) bytes after its end-of-track event"
                        )
                    }
                    cursor.skip(cursor.remaining)
                }
            case 0xF0:
                let length = Int(try cursor.readVariableLength("a SysEx length"))
                let data = [0xF0] + Array(try cursor.readBytes(length, "a SysEx message"))
                if data.last == 0xF7 {
                    sink.add(.midi(.sysEx(SysExPayload(data))), tick: position.tick)
                } else {
                    pendingSysEx = (position.tick, data)
                }
            case 0xF7:
                let length = Int(try cursor.readVariableLength("an F7 event length"))
                let data = Array(try cursor.readBytes(length, "an F7 (SysEx continuation or escape) event"))
                if var pending = pendingSysEx {
                    pending.bytes += data
                    if data.last == 0xF7 {
                        sink.add(.midi(.sysEx(SysExPayload(pending.bytes))), tick: pending.tick)
                        pendingSysEx = nil
                    } else {
                        pendingSysEx = pending
                    }
                } else {
                    sink.add(.escape(data), tick: position.tick)
                }
            case 0xF8...0xFE:
                // Realtime bytes do not belong in a file, but they carry no payload: keep them.
                sink.add(.midi(MIDIMessage.system(status: first) ?? .activeSensing), tick: position.tick)
            default:
                throw MIDIFileError(
                    offset: statusOffset,
                    expected: "a channel message, meta event (0xFF) or SysEx (0xF0/0xF7) in track \(index + 1)",
                    found: "status \(MIDIFileError.hex(first))"
                )
            }
        }
        if let pending = pendingSysEx {
            warnings.append("track \(index + 1): a SysEx message was not terminated with 0xF7; kept as received")
            sink.add(.midi(.sysEx(SysExPayload(pending.bytes))), tick: pending.tick)
        }
        if !sawEndOfTrack {
            warnings.append("track \(index + 1) has no end-of-track event")
        }
    }

    private static func dataByte(_ cursor: inout ByteCursor, status: UInt8) throws(MIDIFileError) -> UInt8 {
        let offset = cursor.offset
        let byte = try cursor.readByte("a data byte after status \(MIDIFileError.hex(status))")
        guard byte < 0x80 else {
            throw MIDIFileError(
                offset: offset,
                expected: "a data byte (0x00-0x7F) after status \(MIDIFileError.hex(status))",
                found: MIDIFileError.hex(byte)
            )
        }
        return byte
    }

    private static func channelMessage(
        _ status: UInt8,
        first data1: UInt8,
        _ cursor: inout ByteCursor
    ) throws(MIDIFileError) -> MIDIMessage {
        let twoBytes = !(0xC0...0xDF).contains(status)
        let data2 = twoBytes ? try dataByte(&cursor, status: status) : 0
        // Non-nil for every status 0x80...0xEF.
        return MIDIMessage.channelVoice(status: status, data1: data1, data2: data2)!
    }
}
