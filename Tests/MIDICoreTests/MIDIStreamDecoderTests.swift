import Testing

@testable import MIDICore

@Suite("Raw MIDI byte streams")
struct MIDIStreamDecoderTests {
    @Test("running status carries the last channel status")
    func runningStatus() {
        var decoder = MIDIStreamDecoder()
        let messages = decoder.decode([0x90, 60, 100, 64, 90, 60, 0, 0xB0, 64, 127, 64, 0])
        #expect(
            messages == [
                .noteOn(channel: 0, key: 60, velocity: 100),
                .noteOn(channel: 0, key: 64, velocity: 90),
                .noteOff(channel: 0, key: 60, velocity: MIDIMessage.noteOnVelocityZero),
                .controlChange(channel: 0, controller: 64, value: 127),
                .controlChange(channel: 0, controller: 64, value: 0),
            ]
        )
    }

    @Test("realtime bytes may arrive anywhere, even inside a message or a SysEx")
    func interleavedRealtime() {
        var decoder = MIDIStreamDecoder()
        let messages = decoder.decode([0x90, 0xF8, 60, 0xFE, 100, 0xF0, 0x7E, 0xF8, 0x09, 0xF7])
        #expect(
            messages == [
                .clock, .activeSensing, .noteOn(channel: 0, key: 60, velocity: 100), .clock,
                .sysEx([0xF0, 0x7E, 0x09, 0xF7]),
            ]
        )
    }

    @Test("the result does not depend on where reads split the stream")
    func anyChunking() {
        let stream: [UInt8] = [
            0xF0, 0x41, 0x10, 0x42, 0x12, 0xF7, 0x91, 60, 70, 62, 71, 0xF8, 0xE1, 0x00, 0x40, 0xC1, 5, 6,
        ]
        var whole = MIDIStreamDecoder()
        let expected = whole.decode(stream)
        #expect(expected.count == 7)
        for split in 0...stream.count {
            var decoder = MIDIStreamDecoder()
            var got = decoder.decode(stream[..<split])
            got += decoder.decode(stream[split...])
            #expect(got == expected, "split at \(split)")
        }
    }

    @Test("garbage is skipped and counted, and decoding resynchronises at the next status")
    func garbage() {
        var decoder = MIDIStreamDecoder()
        let messages = decoder.decode([0x12, 0x34, 0xF7, 0xF4, 0x22, 0x80, 60, 0])
        #expect(messages == [.noteOff(channel: 0, key: 60, velocity: 0)])
        #expect(decoder.droppedBytes == 5)
    }

    @Test("system common messages cancel running status")
    func systemCommonCancelsRunningStatus() {
        var decoder = MIDIStreamDecoder()
        let messages = decoder.decode([0x90, 60, 100, 0xF3, 2, 61, 100])
        #expect(messages == [.noteOn(channel: 0, key: 60, velocity: 100), .songSelect(2)])
        #expect(decoder.droppedBytes == 2)
    }

    @Test("a SysEx cut by another status is kept unterminated; an open one is flushed by finish")
    func unterminatedSysEx() {
        var decoder = MIDIStreamDecoder()
        var messages = decoder.decode([0xF0, 0x01, 0x02, 0x90, 60, 1, 0xF0, 0x05])
        decoder.finish { messages.append($0) }
        #expect(
            messages == [.sysEx([0xF0, 0x01, 0x02]), .noteOn(channel: 0, key: 60, velocity: 1), .sysEx([0xF0, 0x05])]
        )
    }

    @Test("a SysEx longer than the limit is cut and counted, memory stays bounded")
    func sysExLimit() {
        var decoder = MIDIStreamDecoder(maxSysExLength: 4)
        let messages = decoder.decode([0xF0, 1, 2, 3, 4, 5, 6, 0xF7])
        #expect(messages == [.sysEx([0xF0, 1, 2, 3])])
        #expect(decoder.truncatedSysEx == 1)
    }

    @Test("the encoder's running status output decodes to the same messages")
    func encoderRoundTrip() {
        let messages: [MIDIMessage] = [
            .noteOn(channel: 0, key: 60, velocity: 100), .noteOn(channel: 0, key: 64, velocity: 100), .clock,
            .noteOff(channel: 0, key: 60, velocity: 0), .noteOff(channel: 0, key: 64, velocity: 3),
            .sysEx([0xF0, 0x7D, 0xF7]), .noteOff(channel: 0, key: 64, velocity: 3),
        ]
        var encoder = MIDIStreamEncoder(usesRunningStatus: true)
        let bytes = encoder.encode(messages)
        #expect(bytes == [0x90, 60, 100, 64, 100, 0xF8, 0x80, 60, 0, 64, 3, 0xF0, 0x7D, 0xF7, 0x80, 64, 3])
        var decoder = MIDIStreamDecoder()
        #expect(decoder.decode(bytes) == messages)
    }
}
