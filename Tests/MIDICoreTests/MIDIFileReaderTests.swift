import Testing

@testable import MIDICore

@Suite("Standard MIDI File reading")
struct MIDIFileReaderTests {
    /// Format 0, 96 ppq: track name, tempo 120 bpm, running status and a velocity-0 note-on.
    static let runningStatusFile: [UInt8] = [
        0x4D, 0x54, 0x68, 0x64, 0x00, 0x00, 0x00, 0x06, 0x00, 0x00, 0x00, 0x01, 0x00, 0x60,
        0x4D, 0x54, 0x72, 0x6B, 0x00, 0x00, 0x00, 0x21,
        0x00, 0xFF, 0x03, 0x04, 0x44, 0x65, 0x6D, 0x6F,  // track name "Demo"
        0x00, 0xFF, 0x51, 0x03, 0x07, 0xA1, 0x20,  // tempo 500000 µs per quarter
        0x00, 0x90, 0x3C, 0x64,  // note on C4 100
        0x60, 0x3C, 0x00,  // +96: running status, velocity 0 = note off
        0x00, 0x40, 0x50,  // running status: note on E4 80
        0x81, 0x40, 0x40, 0x00,  // +192: note off E4
        0x00, 0xFF, 0x2F, 0x00,
    ]

    @Test("running status and velocity-0 note-ons, byte for byte")
    func runningStatus() throws {
        let file = try StandardMIDIFile(bytes: Self.runningStatusFile)
        #expect(file.format == .singleTrack)
        #expect(file.division == .ticksPerQuarter(96))
        #expect(file.warnings.isEmpty)
        #expect(file.tracks[0].name == "Demo")
        let timed = timedMilliseconds(file)
        #expect(timed.map(\.0) == [0, 500, 500, 1500])
        #expect(
            timed.map(\.1) == [
                .noteOn(channel: 0, key: 60, velocity: 100),
                .noteOff(channel: 0, key: 60, velocity: MIDIMessage.noteOnVelocityZero),
                .noteOn(channel: 0, key: 64, velocity: 80),
                .noteOff(channel: 0, key: 64, velocity: MIDIMessage.noteOnVelocityZero),
            ]
        )
        #expect(file.duration == 1_500_000_000)
    }

    @Test("tempo changes in the conductor track time the other tracks exactly")
    func tempoChanges() throws {
        let conductor: [UInt8] = [
            0x00, 0xFF, 0x51, 0x03, 0x07, 0xA1, 0x20,  // 500000 µs
            0x83, 0x60, 0xFF, 0x51, 0x03, 0x0F, 0x42, 0x40,  // +480: 1000000 µs
            0x00, 0xFF, 0x2F, 0x00,
        ]
        let notes: [UInt8] = [
            0x00, 0x90, 0x40, 0x40, 0x83, 0x60, 0x80, 0x40, 0x00,
            0x00, 0x90, 0x41, 0x40, 0x83, 0x60, 0x80, 0x41, 0x00,
            0x00, 0xFF, 0x2F, 0x00,
        ]
        let file = try StandardMIDIFile(bytes: smf(format: 1, division: (0x01, 0xE0), tracks: [conductor, notes]))
        #expect(timedMilliseconds(file).map(\.0) == [0, 500, 500, 1500])
        #expect(file.timedMessages().allSatisfy { $0.port == 1 })
        #expect(TempoMap(file: file).nanoseconds(atTick: 720) == 1_000_000_000)
    }

    @Test("SMPTE timing: 25 fps × 40 ticks is one millisecond per tick; 29 is 30 drop-frame")
    func smpte() throws {
        let body: [UInt8] = [0x00, 0x90, 0x3C, 0x40, 0x87, 0x68, 0x80, 0x3C, 0x00, 0x00, 0xFF, 0x2F, 0x00]
        let file = try StandardMIDIFile(bytes: smf(format: 0, division: (0xE7, 0x28), tracks: [body]))
        #expect(file.division == .smpte(framesPerSecond: 25, ticksPerFrame: 40))
        #expect(timedMilliseconds(file).map(\.0) == [0, 1000])
        let dropFrame: [UInt8] = [0x00, 0x90, 0x3C, 0x40, 0x92, 0x60, 0x80, 0x3C, 0x00, 0x00, 0xFF, 0x2F, 0x00]
        let ntsc = try StandardMIDIFile(bytes: smf(format: 0, division: (0xE3, 0x50), tracks: [dropFrame]))
        #expect(ntsc.timedMessages().last?.time == 1_001_000_000)
    }

    @Test("format 2 sequences are independent: own tempo, laid end to end")
    func format2() throws {
        let first: [UInt8] = [0x00, 0x90, 0x3C, 0x40, 0x64, 0x80, 0x3C, 0x00, 0x00, 0xFF, 0x2F, 0x00]
        let second: [UInt8] = [
            0x00, 0xFF, 0x51, 0x03, 0x0F, 0x42, 0x40,
            0x00, 0x90, 0x3E, 0x40, 0x81, 0x48, 0x80, 0x3E, 0x00, 0x00, 0xFF, 0x2F, 0x00,
        ]
        let file = try StandardMIDIFile(bytes: smf(format: 2, division: (0x00, 0x64), tracks: [first, second]))
        #expect(file.format == .independentSequences)
        #expect(timedMilliseconds(file).map(\.0) == [0, 500, 500, 2500])
        #expect(file.duration == 2_500_000_000)
    }

    @Test("meta events are kept and SysEx is reassembled from F0/F7 packets")
    func metaAndSysEx() throws {
        let body: [UInt8] = [
            0x00, 0xFF, 0x06, 0x05, 0x56, 0x65, 0x72, 0x73, 0x65,  // marker "Verse"
            0x00, 0xFF, 0x01, 0x02, 0x68, 0x69,  // text "hi"
            0x00, 0xFF, 0x59, 0x02, 0xFF, 0x01,  // key signature: 1 flat, minor
            0x00, 0xFF, 0x58, 0x04, 0x03, 0x02, 0x18, 0x08,  // 3/4
            0x00, 0xF0, 0x05, 0x7E, 0x7F, 0x09, 0x01, 0xF7,  // GM on, one packet
            0x0A, 0xF0, 0x03, 0x43, 0x12, 0x00,  // +10: first packet, no F7
            0x05, 0xF7, 0x02, 0x34, 0xF7,  // +5: continuation ending in F7
            0x00, 0xF7, 0x02, 0xF3, 0x01,  // escape: song select 1
            0x00, 0xFF, 0x7F, 0x02, 0x00, 0x41,  // sequencer specific
            0x00, 0xFF, 0x60, 0x01, 0x07,  // unknown meta type, kept
            0x00, 0xFF, 0x2F, 0x00,
        ]
        let file = try StandardMIDIFile(bytes: smf(format: 0, division: (0x00, 0x60), tracks: [body]))
        let kinds = file.tracks[0].events.map(\.kind)
        #expect(kinds.contains(.meta(.text(.marker, Array("Verse".utf8)))))
        #expect(kinds.contains(.meta(.text(.text, Array("hi".utf8)))))
        #expect(kinds.contains(.meta(.keySignature(sharps: -1, minor: true))))
        #expect(
            kinds.contains(
                .meta(.timeSignature(numerator: 3, denominatorPower: 2, clocksPerClick: 24, thirtySecondsPerQuarter: 8))
            )
        )
        #expect(kinds.contains(.meta(.sequencerSpecific([0x00, 0x41]))))
        #expect(kinds.contains(.meta(.unknown(type: 0x60, data: [0x07]))))
        #expect(kinds.contains(.escape([0xF3, 0x01])))
        let messages = file.timedMessages().map(\.message)
        #expect(
            messages == [
                .sysEx([0xF0, 0x7E, 0x7F, 0x09, 0x01, 0xF7]), .sysEx([0xF0, 0x43, 0x12, 0x00, 0x34, 0xF7]),
                .songSelect(1),
            ]
        )
        // The split SysEx is timed at its first packet.
        let split = file.tracks[0].events.first { $0.kind == .midi(.sysEx([0xF0, 0x43, 0x12, 0x00, 0x34, 0xF7])) }
        #expect(split?.tick == 10)
    }

    @Test("quirks: a missing end-of-track and bytes after the last chunk are tolerated and noted")
    func quirks() throws {
        let body: [UInt8] = [0x00, 0x90, 0x3C, 0x40, 0x60, 0x90, 0x3C, 0x00]
        var bytes = smf(format: 0, division: (0x00, 0x60), tracks: [body])
        bytes += [0x00, 0x00, 0x0A, 0x1A]
        let file = try StandardMIDIFile(bytes: bytes)
        #expect(
            file.timedMessages().map(\.message) == [
                .noteOn(channel: 0, key: 60, velocity: 64),
                .noteOff(channel: 0, key: 60, velocity: MIDIMessage.noteOnVelocityZero),
            ]
        )
        #expect(file.warnings.count == 2)
        #expect(file.warnings.contains { $0.contains("no end-of-track") })
        #expect(file.warnings.contains { $0.contains("ignored 4 bytes after the last track") })
    }

    @Test("unknown chunks are skipped")
    func unknownChunk() throws {
        let body: [UInt8] = [0x00, 0x90, 0x3C, 0x40, 0x00, 0xFF, 0x2F, 0x00]
        var bytes = smf(format: 0, division: (0x00, 0x60), tracks: [])
        bytes[11] = 1
        bytes += Array("XFIH".utf8) + [0, 0, 0, 3, 1, 2, 3]
        bytes += Array("MTrk".utf8) + [0, 0, 0, UInt8(body.count)] + body
        let file = try StandardMIDIFile(bytes: bytes)
        #expect(file.tracks.count == 1)
        #expect(file.warnings == ["skipped unknown chunk 'XFIH' of 3 bytes at byte offset 14"])
    }

    @Test("a RIFF RMID wrapper is unwrapped")
    func rmid() throws {
        let inner = Self.runningStatusFile
        let n = inner.count
        var bytes = Array("RIFF".utf8) + [UInt8((n + 12) & 0xFF), UInt8((n + 12) >> 8), 0, 0] + Array("RMID".utf8)
        bytes += Array("data".utf8) + [UInt8(n & 0xFF), UInt8(n >> 8), 0, 0] + inner
        #expect(try StandardMIDIFile(bytes: bytes) == StandardMIDIFile(bytes: inner))
    }
}
