import Testing

@testable import MIDICore

/// Corrupt input must give an error or a result, never a crash, whatever the bytes.
@Suite("Robustness against corrupt bytes")
struct RobustnessTests {
    /// xorshift64: deterministic, so a failure reproduces.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return state
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    }

    static func validFile() -> [UInt8] {
        var messages: [TimedMessage] = []
        for i in 0..<60 {
            let t = Int64(i) * 130_000_000
            messages.append(
                TimedMessage(time: t, message: .noteOn(channel: UInt8(i % 3), key: UInt8(40 + i), velocity: 70))
            )
            messages.append(
                TimedMessage(
                    time: t + 5_000_000,
                    message: .controlChange(channel: 0, controller: 64, value: UInt8(i % 2 * 127))
                )
            )
            messages.append(
                TimedMessage(
                    time: t + 90_000_000,
                    message: .noteOff(channel: UInt8(i % 3), key: UInt8(40 + i), velocity: 0)
                )
            )
        }
        messages.append(TimedMessage(time: 2_000_000_000, message: .sysEx([0xF0, 0x41, 0x10, 0x42, 0xF7])))
        var file = StandardMIDIFile(performance: messages.sorted { $0.time < $1.time }, portNames: ["A"], title: "t")
        file.tracks[0].events.append(.init(tick: 10, kind: .meta(.tempo(300_000))))
        return file.encoded()
    }

    @Test("10,000 mutated files: each is read or rejected with an offset, and read ones give notes")
    func mutatedFiles() {
        let original = Self.validFile()
        var random = Random(state: 0x5EED_1234_ABCD_0001)
        var rejected = 0
        for _ in 0..<10_000 {
            var bytes = original
            for _ in 0..<(1 + random.below(6)) {
                switch random.below(4) {
                case 0: bytes[random.below(bytes.count)] = UInt8(truncatingIfNeeded: random.next())
                case 1: bytes.removeLast(random.below(min(40, bytes.count - 1)))
                case 2: bytes.insert(UInt8(truncatingIfNeeded: random.next()), at: random.below(bytes.count))
                default: bytes[random.below(bytes.count)] = [0x00, 0x7F, 0x80, 0xF0, 0xF7, 0xFF][random.below(6)]
                }
            }
            do {
                let file = try StandardMIDIFile(bytes: bytes)
                let performance = file.performance
                _ = performance.notes
                _ = file.encoded()
            } catch {
                rejected += 1
                #expect(error.offset >= 0 && error.offset <= bytes.count)
            }
        }
        // Most single-byte changes land in event data and still read; many do not.
        #expect(rejected > 100)
        #expect(rejected < 10_000)
    }

    @Test("delta times far beyond 64-bit nanoseconds are clamped, not a crash")
    func hugeTimes() throws {
        // 96 ppq, a tempo of 16.7 s per quarter and 2,000 maximal delta times.
        var body: [UInt8] = [0x00, 0xFF, 0x51, 0x03, 0xFF, 0xFF, 0xFF]
        for _ in 0..<2_000 { body += [0xFF, 0xFF, 0xFF, 0x7F, 0x90, 0x3C, 0x40] }
        body += [0x00, 0xFF, 0x2F, 0x00]
        let file = try StandardMIDIFile(bytes: smf(format: 2, division: (0x00, 0x01), tracks: [body, body]))
        let messages = file.timedMessages()
        #expect(messages.count == 4_000)
        #expect(messages.allSatisfy { $0.time >= 0 })
        #expect(file.duration == .max)
    }

    @Test("random bytes through the stream decoder never trap and always resynchronise")
    func randomStream() {
        var random = Random(state: 42)
        var decoder = MIDIStreamDecoder(maxSysExLength: 64)
        var count = 0
        for _ in 0..<200 {
            let chunk = (0..<random.below(500)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            decoder.decode(chunk) { _ in count += 1 }
        }
        #expect(count > 0)
        // After garbage, a clean message still comes through.
        #expect(decoder.decode([0xF7, 0x90, 60, 100]).last == .noteOn(channel: 0, key: 60, velocity: 100))
    }
}
