import Testing

@testable import MIDICore

/// ``StandardMIDIFile/encoded()`` against ``StandardMIDIFile/encodedByModel()`` on random
/// tracks of every event kind, in and out of tick order, with and without end-of-track events.
@Suite("The SMF writer matches its plain model")
struct MIDIFileWriterEquivalenceTests {
    func randomFile(seed: UInt64) -> StandardMIDIFile {
        var random = NoteTrackerEquivalenceTests.Random(state: seed | 1)
        var tracks: [StandardMIDIFile.Track] = []
        for _ in 0..<(1 + random.next(3)) {
            var events: [StandardMIDIFile.Event] = []
            var tick: UInt64 = 0
            for _ in 0..<200 {
                // Mostly forward, sometimes back (events out of tick order), sometimes far.
                switch random.next(10) {
                case 0: tick = tick >= 50 ? tick - 50 : 0
                case 1: tick += UInt64(random.next(1 << 20)) * 300
                default: tick += UInt64(random.next(200))
                }
                let channel = UInt8(random.next(3))
                let kind: StandardMIDIFile.Event.Kind
                switch random.next(16) {
                case 0:
                    kind = .midi(.sysEx(SysExPayload([0xF0] + (0..<random.next(300)).map { UInt8($0 % 128) } + [0xF7])))
                case 1: kind = .midi(.sysEx([0x43, 0x10, 0xF7]))
                case 2: kind = .meta(.text(.marker, Array("cue \(tick)".utf8)))
                case 3: kind = .meta(.tempo(UInt32(300_000 + random.next(400_000))))
                case 4: kind = .escape([0xF8, 0x90, 0x3C])
                case 5: kind = .midi(.pitchBend(channel: channel, value: UInt16(random.next(16384))))
                case 6: kind = .midi(.programChange(channel: channel, program: UInt8(random.next(128))))
                case 7: kind = .midi([.clock, .songPosition(300), .songSelect(3), .tuneRequest][random.next(4)])
                case 8: kind = random.next(8) == 0 ? .meta(.endOfTrack) : .meta(.port(1))
                case 9: kind = .midi(.controlChange(channel: channel, controller: 64, value: UInt8(random.next(128))))
                default:
                    let key = UInt8(random.next(128))
                    kind = .midi(
                        random.next(2) == 0
                            ? .noteOn(channel: channel, key: key, velocity: UInt8(1 + random.next(127)))
                            : .noteOff(channel: channel, key: key, velocity: 64)
                    )
                }
                events.append(.init(tick: tick, kind: kind))
            }
            tracks.append(.init(events: events))
        }
        let division: StandardMIDIFile.Division =
            seed % 3 == 0 ? .smpte(framesPerSecond: 25, ticksPerFrame: 40) : .ticksPerQuarter(UInt16(96 + seed))
        return StandardMIDIFile(
            format: tracks.count == 1 ? .singleTrack : .simultaneousTracks,
            division: division,
            tracks: tracks
        )
    }

    @Test("byte for byte the model's bytes", arguments: 1...30)
    func sameBytes(seed: UInt64) {
        let file = randomFile(seed: seed)
        #expect(file.encoded() == file.encodedByModel())
    }

    @Test("performance ticks are the exact nearest tick, also where 64 bits would overflow")
    func exactTicks() {
        let times: [Int64] = [0, 1, 499_999, 500_000, 1_234_567_891, 9_223_372_036_854, .max / 1000, .max]
        let messages = times.map { TimedMessage(time: $0, message: .noteOn(channel: 0, key: 60, velocity: 1)) }
        let file = StandardMIDIFile(performance: messages, ticksPerQuarter: 960, microsecondsPerQuarter: 500_001)
        let ticks = file.tracks[1].events.filter { if case .midi = $0.kind { true } else { false } }.map(\.tick)
        let expected = times.map { time in
            UInt64((Int128(time) * 960 + Int128(500_001_000) / 2) / Int128(500_001_000))
        }
        #expect(ticks == expected)
    }
}
