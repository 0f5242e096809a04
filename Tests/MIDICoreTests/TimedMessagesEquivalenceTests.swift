import Testing

@testable import MIDICore

/// ``StandardMIDIFile/timedMessages()`` against ``StandardMIDIFile/timedMessagesByModel()``:
/// several tracks with tempo changes, events out of tick order in code-built tracks, format 2.
@Suite("Timed messages match their plain model")
struct TimedMessagesEquivalenceTests {
    @Test("the same messages at the same times, in the same order", arguments: 1...30)
    func sameMessages(seed: UInt64) throws {
        var file = MIDIFileWriterEquivalenceTests().randomFile(seed: seed)
        if seed % 4 == 1 { file.format = .independentSequences }
        #expect(file.timedMessages() == file.timedMessagesByModel())
        // Read back from bytes, tracks are in tick order (the common, merging path). System
        // common messages are left out: the reader takes only realtime ones bare in a track.
        for index in file.tracks.indices {
            file.tracks[index].events.removeAll {
                if case .midi(let message) = $0.kind { (0xF1...0xF7).contains(message.status) } else { false }
            }
        }
        let read = try StandardMIDIFile(bytes: file.encoded())
        #expect(read.timedMessages() == read.timedMessagesByModel())
    }

    @Test("the tempo map gives the same time walking as searching, forward, back and past 64 bits")
    func walkingTempoMap() {
        for seed: UInt64 in [3, 8] {
            let file = MIDIFileWriterEquivalenceTests().randomFile(seed: seed)
            let map = TempoMap(file: file)
            var walk = TempoMap.Walk(map)
            var ticks = Array(stride(from: UInt64(0), to: 400_000_000, by: 999_983))
            ticks += [5, 1 << 40, 1 << 50, 1 << 62, .max - 1, 7]
            for tick in ticks {
                #expect(walk.nanoseconds(atTick: tick) == map.nanoseconds(atTick: tick))
            }
        }
    }
}
