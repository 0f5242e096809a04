import CALSA
import MIDICore
import Testing

@testable import MIDICapture

/// Builds a `snd_seq_event_t` as the kernel delivers it: source 20:0, stamped on queue 1.
private func event(_ fill: (UnsafeMutablePointer<snd_seq_event_t>) -> Void) -> DecodedSequencerEvent {
    var ev = snd_seq_event_t()
    return withUnsafeMutablePointer(to: &ev) { pointer in
        calsa_ev_clear(pointer)
        calsa_ev_set_source(pointer, 20, 0)
        calsa_ev_set_real_time(pointer, 1, 2, 500_000_000)
        fill(pointer)
        return SequencerEventDecoder.decode(pointer)
    }
}

private func note(_ type: snd_seq_event_type, channel: UInt8, key: UInt8, velocity: UInt8) -> DecodedSequencerEvent {
    event { calsa_ev_set_note($0, snd_seq_event_type_t(type.rawValue), channel, key, velocity) }
}

private func control(_ type: snd_seq_event_type, channel: UInt8, param: UInt32, value: Int32) -> DecodedSequencerEvent {
    event { calsa_ev_set_control($0, snd_seq_event_type_t(type.rawValue), channel, param, value) }
}

@Test func keepsSourceAndRealTimeStamp() {
    let decoded = note(SND_SEQ_EVENT_NOTEON, channel: 0, key: 60, velocity: 100)
    #expect(decoded.source == SequencerAddress(client: 20, port: 0))
    #expect(decoded.stamp?.queue == 1)
    #expect(decoded.stamp?.nanoseconds == 2_500_000_000)
    #expect(decoded.input == .midi([.noteOn(channel: 0, key: 60, velocity: 100)]))
}

@Test func noteOnWithVelocityZeroIsNoteOff() {
    #expect(
        note(SND_SEQ_EVENT_NOTEON, channel: 3, key: 64, velocity: 0).input
            == .midi([.noteOff(channel: 3, key: 64, velocity: MIDIMessage.noteOnVelocityZero)])
    )
    #expect(
        note(SND_SEQ_EVENT_NOTEOFF, channel: 3, key: 64, velocity: 10).input
            == .midi([.noteOff(channel: 3, key: 64, velocity: 10)])
    )
    #expect(
        note(SND_SEQ_EVENT_KEYPRESS, channel: 1, key: 64, velocity: 90).input
            == .midi([.polyPressure(channel: 1, key: 64, pressure: 90)])
    )
}

@Test func channelMessages() {
    #expect(
        control(SND_SEQ_EVENT_CONTROLLER, channel: 0, param: 64, value: 127).input
            == .midi([.controlChange(channel: 0, controller: 64, value: 127)])
    )
    #expect(
        control(SND_SEQ_EVENT_PGMCHANGE, channel: 2, param: 0, value: 5).input
            == .midi([.programChange(channel: 2, program: 5)])
    )
    #expect(
        control(SND_SEQ_EVENT_CHANPRESS, channel: 2, param: 0, value: 33).input
            == .midi([.channelPressure(channel: 2, pressure: 33)])
    )
}

@Test(arguments: [(Int32(0), UInt16(8192)), (-8192, 0), (8191, 16383), (-9000, 0), (100, 8292)])
func pitchBendIsRecentred(sequencer: Int32, midi: UInt16) {
    #expect(
        control(SND_SEQ_EVENT_PITCHBEND, channel: 0, param: 0, value: sequencer).input
            == .midi([.pitchBend(channel: 0, value: midi)])
    )
}

@Test func fourteenBitAndParameterEventsExpandToControllers() {
    #expect(
        control(SND_SEQ_EVENT_CONTROL14, channel: 0, param: 1, value: 0x1234).input
            == .midi([
                .controlChange(channel: 0, controller: 1, value: 0x24),
                .controlChange(channel: 0, controller: 33, value: 0x34),
            ])
    )
    #expect(
        control(SND_SEQ_EVENT_REGPARAM, channel: 0, param: 0, value: 2 << 7).input
            == .midi([
                .controlChange(channel: 0, controller: 101, value: 0),
                .controlChange(channel: 0, controller: 100, value: 0),
                .controlChange(channel: 0, controller: 6, value: 2),
                .controlChange(channel: 0, controller: 38, value: 0),
            ])
    )
}

@Test func systemMessages() {
    let realtime: [(snd_seq_event_type, MIDIMessage)] = [
        (SND_SEQ_EVENT_CLOCK, .clock), (SND_SEQ_EVENT_START, .start), (SND_SEQ_EVENT_CONTINUE, .continue),
        (SND_SEQ_EVENT_STOP, .stop), (SND_SEQ_EVENT_SENSING, .activeSensing), (SND_SEQ_EVENT_RESET, .reset),
        (SND_SEQ_EVENT_TUNE_REQUEST, .tuneRequest),
    ]
    for (type, message) in realtime {
        #expect(event { $0.pointee.type = snd_seq_event_type_t(type.rawValue) }.input == .midi([message]))
    }
    #expect(control(SND_SEQ_EVENT_SONGPOS, channel: 0, param: 0, value: 300).input == .midi([.songPosition(300)]))
    #expect(control(SND_SEQ_EVENT_SONGSEL, channel: 0, param: 0, value: 7).input == .midi([.songSelect(7)]))
    #expect(
        control(SND_SEQ_EVENT_QFRAME, channel: 0, param: 0, value: 0x21).input == .midi([.timeCodeQuarterFrame(0x21)])
    )
}

@Test func sysExChunkIsCopiedOut() {
    var bytes: [UInt8] = [0xF0, 0x7E, 0x7F, 0x06, 0x01]
    let decoded = bytes.withUnsafeMutableBytes { buffer in
        event { calsa_ev_set_variable($0, snd_seq_event_type_t(SND_SEQ_EVENT_SYSEX.rawValue), 5, buffer.baseAddress) }
    }
    bytes[1] = 0  // the decoded value must not alias alsa-lib's buffer
    #expect(decoded.input == .sysExChunk([0xF0, 0x7E, 0x7F, 0x06, 0x01]))
}

@Test func announcements() {
    func addr(_ type: snd_seq_event_type, _ client: UInt8, _ port: UInt8) -> SequencerInput {
        event { calsa_ev_set_address_data($0, snd_seq_event_type_t(type.rawValue), client, port) }.input
    }
    #expect(addr(SND_SEQ_EVENT_PORT_START, 24, 0) == .announcement(.portStart(SequencerAddress(client: 24, port: 0))))
    #expect(addr(SND_SEQ_EVENT_PORT_EXIT, 24, 1) == .announcement(.portExit(SequencerAddress(client: 24, port: 1))))
    #expect(addr(SND_SEQ_EVENT_CLIENT_START, 24, 0) == .announcement(.clientStart(24)))
    #expect(addr(SND_SEQ_EVENT_CLIENT_EXIT, 24, 0) == .announcement(.clientExit(24)))
    let unsubscribed = event {
        calsa_ev_set_connect_data(
            $0,
            snd_seq_event_type_t(SND_SEQ_EVENT_PORT_UNSUBSCRIBED.rawValue),
            snd_seq_addr_t(client: 24, port: 0),
            snd_seq_addr_t(client: 129, port: 0)
        )
    }
    #expect(
        unsubscribed.input
            == .announcement(
                .unsubscribed(
                    sender: SequencerAddress(client: 24, port: 0),
                    destination: SequencerAddress(client: 129, port: 0)
                )
            )
    )
}

@Test func unknownTypesAreIgnoredAndTickStampsAreNotRealTime() {
    var ev = snd_seq_event_t()
    let decoded = withUnsafeMutablePointer(to: &ev) { pointer in
        calsa_ev_clear(pointer)
        pointer.pointee.type = snd_seq_event_type_t(SND_SEQ_EVENT_ECHO.rawValue)
        return SequencerEventDecoder.decode(pointer)
    }
    #expect(decoded.input == .ignored(type: UInt8(SND_SEQ_EVENT_ECHO.rawValue)))
    #expect(decoded.stamp == nil)
}
