import Testing

@testable import MIDICore

@Suite("MIDI messages")
struct MIDIMessageTests {
    @Test("a note-on with velocity 0 is a note-off whose bytes are the note-on as received")
    func velocityZeroNoteOn() {
        let message = MIDIMessage.channelVoice(status: 0x93, data1: 60, data2: 0)
        #expect(message == .noteOff(channel: 3, key: 60, velocity: MIDIMessage.noteOnVelocityZero))
        #expect(message?.bytes == [0x93, 60, 0])
        #expect(MIDIMessage(bytes: [0x93, 60, 0])?.bytes == [0x93, 60, 0])
        #expect(MIDIMessage.channelVoice(status: 0x83, data1: 60, data2: 0)?.bytes == [0x83, 60, 0])
        #expect(!MIDIMessage.isNoteOn([0x93, 60, 0]))
        #expect(
            MIDIMessage.channelVoice(status: 0x93, data1: 60, data2: 1) == .noteOn(channel: 3, key: 60, velocity: 1)
        )
    }

    @Test(
        "every message encodes and decodes to itself",
        arguments: [
            MIDIMessage.noteOff(channel: 0, key: 60, velocity: 12),
            .noteOn(channel: 15, key: 127, velocity: 127),
            .polyPressure(channel: 2, key: 61, pressure: 90),
            .controlChange(channel: 0, controller: ControllerNumber.sustain, value: 127),
            .programChange(channel: 9, program: 5),
            .channelPressure(channel: 1, pressure: 33),
            .pitchBend(channel: 4, value: 16383),
            .pitchBend(channel: 4, value: 8192),
            .sysEx([0xF0, 0x43, 0x10, 0x4C, 0x00, 0xF7]),
            .timeCodeQuarterFrame(0x35),
            .songPosition(1234),
            .songSelect(3),
            .tuneRequest, .clock, .start, .continue, .stop, .activeSensing, .reset,
        ]
    )
    func roundTrip(message: MIDIMessage) {
        #expect(MIDIMessage(bytes: message.bytes) == message)
    }

    @Test("pitch bend packs 14 bits little end first")
    func pitchBendBytes() {
        #expect(MIDIMessage.pitchBend(channel: 0, value: 0x2001).bytes == [0xE0, 0x01, 0x40])
    }

    @Test("bytes that are not exactly one message decode to nil")
    func notOneMessage() {
        #expect(MIDIMessage(bytes: [UInt8]()) == nil)
        #expect(MIDIMessage(bytes: [0x90, 0x3C]) == nil)
        #expect(MIDIMessage(bytes: [0x90, 0x3C, 0x40, 0x3D, 0x40]) == nil)
        #expect(MIDIMessage(bytes: [0x3C, 0x40]) == nil)
    }
}
