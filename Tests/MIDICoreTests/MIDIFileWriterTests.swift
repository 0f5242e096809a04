import Testing

@testable import MIDICore

@Suite("Standard MIDI File writing")
struct MIDIFileWriterTests {
    @Test("writes running status, cancels it after meta events, and ends the track")
    func byteExact() {
        let file = StandardMIDIFile(
            format: .singleTrack,
            division: .ticksPerQuarter(96),
            tracks: [
                .init(events: [
                    .init(tick: 0, kind: .midi(.noteOn(channel: 0, key: 60, velocity: 100))),
                    .init(tick: 96, kind: .midi(.noteOn(channel: 0, key: 64, velocity: 80))),
                    .init(tick: 96, kind: .meta(.text(.marker, Array("A".utf8)))),
                    .init(tick: 288, kind: .midi(.noteOn(channel: 0, key: 64, velocity: 1))),
                    .init(tick: 300, kind: .midi(.sysEx([0xF0, 0x7E, 0xF7]))),
                ])
            ]
        )
        let expected: [UInt8] =
            [0x4D, 0x54, 0x68, 0x64, 0, 0, 0, 6, 0, 0, 0, 1, 0, 0x60, 0x4D, 0x54, 0x72, 0x6B, 0, 0, 0, 26]
            + [0x00, 0x90, 0x3C, 0x64, 0x60, 0x40, 0x50, 0x00, 0xFF, 0x06, 0x01, 0x41, 0x81, 0x40, 0x90, 0x40, 0x01]
            + [0x0C, 0xF0, 0x02, 0x7E, 0xF7, 0x00, 0xFF, 0x2F, 0x00]
        #expect(file.encoded() == expected)
    }

    @Test("write then read gives the same file", arguments: [StandardMIDIFile.Format.singleTrack, .simultaneousTracks])
    func roundTrip(format: StandardMIDIFile.Format) throws {
        var tracks: [StandardMIDIFile.Track] = [
            .init(events: [
                .init(tick: 0, kind: .meta(.text(.trackName, Array("Piano".utf8)))),
                .init(tick: 0, kind: .meta(.tempo(600_000))),
                .init(tick: 0, kind: .midi(.controlChange(channel: 0, controller: 64, value: 127))),
                .init(tick: 10, kind: .midi(.noteOn(channel: 0, key: 60, velocity: 90))),
                .init(tick: 20, kind: .midi(.polyPressure(channel: 0, key: 60, pressure: 10))),
                .init(tick: 30, kind: .midi(.pitchBend(channel: 0, value: 9000))),
                .init(tick: 35, kind: .midi(.sysEx([0xF0, 0x43, 0x10, 0xF7]))),
                .init(tick: 40, kind: .midi(.noteOff(channel: 0, key: 60, velocity: 64))),
                .init(tick: 40_000, kind: .meta(.endOfTrack)),
            ])
        ]
        if format == .simultaneousTracks {
            tracks.append(
                .init(events: [
                    .init(tick: 5, kind: .midi(.programChange(channel: 3, program: 9))),
                    .init(tick: 5, kind: .meta(.endOfTrack)),
                ])
            )
        }
        let file = StandardMIDIFile(format: format, division: .ticksPerQuarter(480), tracks: tracks)
        #expect(try StandardMIDIFile(bytes: file.encoded()) == file)
    }

    @Test("SMPTE division survives a round trip")
    func smpteRoundTrip() throws {
        let file = StandardMIDIFile(
            format: .singleTrack,
            division: .smpte(framesPerSecond: 29, ticksPerFrame: 80),
            tracks: [.init(events: [.init(tick: 3, kind: .midi(.clock)), .init(tick: 3, kind: .meta(.endOfTrack))])]
        )
        #expect(try StandardMIDIFile(bytes: file.encoded()) == file)
    }

    @Test("a nanosecond performance is written format 1 and read back within half a millisecond")
    func performanceRoundTrip() throws {
        let messages: [TimedMessage] = (0..<200).map { (i: Int) -> TimedMessage in
            let time = Int64(i) * 123_456_789 + Int64(i % 7) * 1_000
            let message: MIDIMessage =
                i % 2 == 0
                ? .noteOn(channel: 0, key: UInt8(40 + i % 40), velocity: 64)
                : .controlChange(channel: 0, controller: 64, value: UInt8(i % 128))
            return TimedMessage(time: time, port: UInt16(i % 2), message: message)
        }
        let file = StandardMIDIFile(performance: messages, portNames: ["Left", "Right"], title: "Test")
        let back = try StandardMIDIFile(bytes: file.encoded())
        #expect(back.format == .simultaneousTracks)
        #expect(back.tracks.map(\.name) == ["Test", "Left", "Right"])
        let performance = back.performance
        #expect(performance.portNames == ["Left", "Right"])
        #expect(performance.messages.count == messages.count)
        let sorted = messages.sorted { ($0.time, $0.port) < ($1.time, $1.port) }
        for (a, b) in zip(sorted, performance.messages) {
            #expect(a.message == b.message)
            #expect(a.port == b.port)
            #expect(abs(a.time - b.time) <= 500_000)
        }
    }

    static let variableLengthCases: [(UInt32, [UInt8])] = [
        (0, [0]), (0x7F, [0x7F]), (0x80, [0x81, 0x00]), (0x0FFF_FFFF, [0xFF, 0xFF, 0xFF, 0x7F]),
    ]

    @Test("variable-length quantities", arguments: variableLengthCases)
    func variableLength(value: UInt32, bytes: [UInt8]) {
        var out: [UInt8] = []
        StandardMIDIFile.appendVariableLength(value, to: &out)
        #expect(out == bytes)
    }
}
