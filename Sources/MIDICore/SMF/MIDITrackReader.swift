/// Where the track reader puts what it decodes: the file's event model, or a performance read
/// straight from the bytes. Events come in file order, except that an unterminated SysEx comes
/// last, at its own tick.
protocol TrackEventSink {
    /// Any event of the track.
    mutating func add(_ kind: StandardMIDIFile.Event.Kind, tick: UInt64)
    /// A channel message (the same as `add(.midi(message), tick:)`, without the wrapping).
    mutating func add(_ message: MIDIMessage, tick: UInt64)
}

/// Builds the events of a ``StandardMIDIFile/Track``.
struct EventSink: TrackEventSink {
    var events: [StandardMIDIFile.Event] = []

    mutating func add(_ kind: StandardMIDIFile.Event.Kind, tick: UInt64) {
        events.append(StandardMIDIFile.Event(tick: tick, kind: kind))
    }

    @inline(__always)
    mutating func add(_ message: MIDIMessage, tick: UInt64) {
        events.append(StandardMIDIFile.Event(tick: tick, kind: .midi(message)))
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
        var tick: UInt64 = 0
        var runningStatus: UInt8 = 0
        var pendingSysEx: (tick: UInt64, bytes: [UInt8])? = nil
        var sawEndOfTrack = false
        let bytes = cursor.bytes

        while !cursor.isAtEnd {
            // Channel messages, nearly every event of a performance, take the fast path; the
            // rest, and anything malformed, the careful one below (which names the error).
            bytes.withUnsafeBufferPointer { buffer in
                var offset = cursor.offset
                while let fast = channelEvent(buffer, at: offset, end: cursor.end, runningStatus: runningStatus) {
                    tick += UInt64(fast.delta)
                    runningStatus = fast.status
                    let message = MIDIMessage.channelVoice(status: fast.status, data1: fast.data1, data2: fast.data2)!
                    sink.add(message, tick: tick)
                    offset = fast.next
                }
                cursor.skip(offset - cursor.offset)
            }
            if cursor.isAtEnd { break }
            tick += UInt64(try cursor.readVariableLength("a delta time in track \(index + 1)"))
            let statusOffset = cursor.offset
            let first = try cursor.readByte("an event in track \(index + 1)")
            switch first {
            case 0x00...0x7F:
                guard runningStatus != 0 else {
                    throw MIDIFileError(
                        offset: statusOffset,
                        expected: "a status byte in track \(index + 1) (no running status is in effect)",
                        found: "data byte \(MIDIFileError.hex(first))"
                    )
                }
                sink.add(try channelMessage(runningStatus, first: first, &cursor), tick: tick)
            case 0x80...0xEF:
                runningStatus = first
                let data1 = try dataByte(&cursor, status: first)
                sink.add(try channelMessage(first, first: data1, &cursor), tick: tick)
            case 0xFF:
                let type = try cursor.readByte("a meta event type")
                let length = Int(try cursor.readVariableLength("a meta event length"))
                let data = Array(try cursor.readBytes(length, "meta event \(MIDIFileError.hex(type))"))
                let meta = MetaEvent.decode(type: type, data: data)
                sink.add(.meta(meta), tick: tick)
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
                    sink.add(.midi(.sysEx(data)), tick: tick)
                } else {
                    pendingSysEx = (tick, data)
                }
            case 0xF7:
                let length = Int(try cursor.readVariableLength("an F7 event length"))
                let data = Array(try cursor.readBytes(length, "an F7 (SysEx continuation or escape) event"))
                if var pending = pendingSysEx {
                    pending.bytes += data
                    if data.last == 0xF7 {
                        sink.add(.midi(.sysEx(pending.bytes)), tick: pending.tick)
                        pendingSysEx = nil
                    } else {
                        pendingSysEx = pending
                    }
                } else {
                    sink.add(.escape(data), tick: tick)
                }
            case 0xF8...0xFE:
                // Realtime bytes do not belong in a file, but they carry no payload: keep them.
                sink.add(.midi(MIDIMessage.system(status: first) ?? .activeSensing), tick: tick)
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
            sink.add(.midi(.sysEx(pending.bytes)), tick: pending.tick)
        }
        if !sawEndOfTrack {
            warnings.append("track \(index + 1) has no end-of-track event")
        }
    }

    /// A well-formed channel event at `start` (delta time, then a status byte or running
    /// status, then its data bytes), or nil for anything else. Reads no byte at or past `end`.
    @inline(__always)
    private static func channelEvent(
        _ bytes: UnsafeBufferPointer<UInt8>,
        at start: Int,
        end: Int,
        runningStatus: UInt8
    ) -> (delta: UInt32, status: UInt8, data1: UInt8, data2: UInt8, next: Int)? {
        var offset = start
        var delta: UInt32 = 0
        var length = 0
        while true {
            guard offset < end, length < 4 else { return nil }
            let byte = bytes[offset]
            offset += 1
            length += 1
            delta = delta << 7 | UInt32(byte & 0x7F)
            if byte < 0x80 { break }
        }
        guard offset < end else { return nil }
        var status = bytes[offset]
        if status < 0x80 {
            guard runningStatus != 0 else { return nil }
            status = runningStatus
        } else if status < 0xF0 {
            offset += 1
        } else {
            return nil
        }
        guard offset < end, bytes[offset] < 0x80 else { return nil }
        let data1 = bytes[offset]
        offset += 1
        var data2: UInt8 = 0
        // Program change (0xC_) and channel pressure (0xD_) have one data byte.
        if status & 0xE0 != 0xC0 {
            guard offset < end, bytes[offset] < 0x80 else { return nil }
            data2 = bytes[offset]
            offset += 1
        }
        return (delta, status, data1, data2, offset)
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
