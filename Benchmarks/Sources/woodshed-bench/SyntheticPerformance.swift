import MIDICore

/// A deterministic piano-like performance: two hands' worth of keys, about eight notes a
/// second, the sustain pedal changed every two seconds — the generated 1-hour and 10-hour
/// files of the MIDI benchmark (25,729 and 257,237 notes).
enum SyntheticPerformance {
    static func messages(minutes: Int) -> [TimedMessage] {
        var messages: [TimedMessage] = []
        // xorshift64: the same file on every machine.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return state
        }
        let end = Int64(minutes) * 60 * .nanosecondsPerSecond
        var time: Int64 = 0
        var bar = 0
        while time < end {
            let key = UInt8(36 + Int(next() % 60))
            let length = Int64(80_000_000 + next() % 400_000_000)
            let velocity = UInt8(30 + next() % 90)
            messages.append(TimedMessage(time: time, message: .noteOn(channel: 0, key: key, velocity: velocity)))
            messages.append(
                TimedMessage(time: time + length, message: .noteOff(channel: 0, key: key, velocity: 64))
            )
            if Int(time / 2_000_000_000) > bar {
                bar = Int(time / 2_000_000_000)
                messages.append(
                    TimedMessage(time: time, message: .controlChange(channel: 0, controller: 64, value: 0))
                )
                messages.append(
                    TimedMessage(
                        time: time + 30_000_000,
                        message: .controlChange(channel: 0, controller: 64, value: 100)
                    )
                )
            }
            time += Int64(40_000_000 + next() % 200_000_000)
        }
        return messages.sorted { $0.time < $1.time }
    }

    /// The performance as a format-1 file, as `woodshed export` writes one.
    static func file(minutes: Int) -> [UInt8] {
        StandardMIDIFile(performance: messages(minutes: minutes), portNames: ["Piano"], title: "synthetic").encoded()
    }
}
