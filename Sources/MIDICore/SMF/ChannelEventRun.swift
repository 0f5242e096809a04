/// The well-formed channel events that follow one another in a track from where a reader is,
/// decoded one by one until the first event that is anything else (a meta event, a SysEx, the
/// end of the chunk or something malformed, which the careful reader then takes).
///
/// A sequence so that an array appends the whole run straight into its spare capacity
/// (`append(contentsOf:)`): one append a message checked whether the array's storage was
/// shared and stored its count, ten to twenty instructions of the hundred a message costs.
/// The reader's position, tick and running status live in `state`, which the caller owns and
/// reads again after the run (the sequence itself is consumed by the append).
struct ChannelEventRun<Element: ChannelEvent>: Sequence, IteratorProtocol {
    typealias State = TrackReadPosition

    let bytes: UnsafeBufferPointer<UInt8>
    /// The offset just past the track chunk: no byte at or after it is read.
    let end: Int
    let state: UnsafeMutablePointer<State>
    /// What each event's element gets as its port (a performance's messages: the track's index).
    let port: UInt16

    /// The next channel event, or nil when the next event is not a well-formed channel event
    /// (then `state` still points at it).
    @inline(__always)
    mutating func next() -> Element? {
        var offset = state.pointee.offset
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
            guard state.pointee.runningStatus != 0 else { return nil }
            status = state.pointee.runningStatus
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
        let tick = state.pointee.tick + UInt64(delta)
        state.pointee = State(offset: offset, tick: tick, runningStatus: status)
        // Non-nil for every status 0x80...0xEF.
        return Element(
            tick: tick,
            port: port,
            message: MIDIMessage.channelVoice(status: status, data1: data1, data2: data2)!
        )
    }
}

/// Where a track reader stands: the byte offset of the next event, the tick of the last event
/// decoded, and the running status.
struct TrackReadPosition {
    var offset: Int
    var tick: UInt64
    var runningStatus: UInt8
}

/// What a run of channel events is read into: a file's events, or a performance's messages
/// (the tick in `time`, converted later).
protocol ChannelEvent {
    init(tick: UInt64, port: UInt16, message: MIDIMessage)
}

extension StandardMIDIFile.Event: ChannelEvent {
    @inline(__always)
    init(tick: UInt64, port: UInt16, message: MIDIMessage) {
        self.init(tick: tick, kind: .midi(message))
    }
}

extension TimedMessage: ChannelEvent {
    @inline(__always)
    init(tick: UInt64, port: UInt16, message: MIDIMessage) {
        self.init(time: Int64(bitPattern: tick), port: port, message: message)
    }
}
