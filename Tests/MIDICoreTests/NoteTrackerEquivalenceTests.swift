import Testing

@testable import MIDICore

/// The fast ``NoteTracker`` against ``NoteTrackerModel`` on random streams that exercise every
/// rule at once: chords, repeated keys, both pedals, All Sound Off and All Notes Off, stray
/// note-offs, several ports and channels, a port unplugged mid-note.
@Suite("NoteTracker matches its plain model")
struct NoteTrackerEquivalenceTests {
    /// xorshift64*: the same streams on every run.
    struct Random {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state ^= state >> 12
            state ^= state << 25
            state ^= state >> 27
            return Int((state &* 0x2545_F491_4F6C_DD1D) >> 33) % bound
        }
    }

    func stream(seed: UInt64, count: Int) -> [TimedMessage] {
        var random = Random(state: seed | 1)
        var messages: [TimedMessage] = []
        var time: Int64 = 0
        for _ in 0..<count {
            // Equal times are common (chords), so onset runs need ordering by key.
            time += Int64([0, 0, 1, 5, 40][random.next(5)]) * 1_000_000
            let port = UInt16(random.next(3) == 0 ? 1 : 0)
            let channel = UInt8(random.next(4) == 0 ? 9 : 0)
            let key = UInt8(60 + random.next(6))
            let message: MIDIMessage
            switch random.next(20) {
            case 0...7: message = .noteOn(channel: channel, key: key, velocity: UInt8(1 + random.next(127)))
            case 8...14: message = .noteOff(channel: channel, key: key, velocity: 64)
            case 15, 16: message = .controlChange(channel: channel, controller: 64, value: UInt8(random.next(128)))
            case 17: message = .controlChange(channel: channel, controller: 66, value: UInt8(random.next(128)))
            case 18: message = .controlChange(channel: channel, controller: [120, 123][random.next(2)], value: 0)
            default: message = .pitchBend(channel: channel, value: 8192)
            }
            messages.append(TimedMessage(time: time, port: port, message: message))
        }
        return messages
    }

    @Test("the same notes, counts and sounding keys on random streams", arguments: 1...40)
    func randomStreams(seed: UInt64) {
        let messages = stream(seed: seed, count: 400)
        var fast = NoteTracker()
        var model = NoteTrackerModel()
        for (index, message) in messages.enumerated() {
            fast.consume(message)
            model.consume(message)
            if index == 250 {
                fast.closeAll(port: 1, at: message.time)
                model.closeAll(port: 1, at: message.time)
            }
            #expect(fast.soundingCount == model.soundingCount)
        }
        let end = seed % 2 == 0 ? nil : (messages.last?.time ?? 0) + 1_000_000_000
        #expect(fast.finish(at: end) == model.finish(at: end))
        #expect(fast.unmatchedNoteOffs == model.unmatchedNoteOffs)
    }

    @Test(
        "Note.notes(from:) — notes written straight into the array it returns — matches the model",
        arguments: 1...40
    )
    func oneShot(seed: UInt64) {
        var messages = stream(seed: seed, count: 400)
        // Every fifth stream out of time order: the notes are then sorted in their buffer.
        if seed % 5 == 0 { messages.swapAt(20, 300) }
        var model = NoteTrackerModel()
        for message in messages { model.consume(message) }
        let expected = model.finish()
        #expect(Note.notes(from: messages) == expected)
        #expect(Note.notes(from: messages[...]) == expected)
        // A sequence without contiguous storage goes through the growing tracker.
        #expect(Note.notes(from: messages.lazy.map { $0 }) == expected)
    }

    @Test("Note.notes(from:) with no note-on, and with thousands struck at one instant")
    func oneShotEdges() {
        #expect(Note.notes(from: [TimedMessage]()) == [])
        #expect(Note.notes(from: [TimedMessage(time: 5, message: .noteOff(channel: 0, key: 60, velocity: 0))]) == [])
        // Past the insertion budget the notes of one onset are sorted by a stable sort instead.
        let chord = (0..<3000).map {
            TimedMessage(
                time: 7,
                port: UInt16($0 % 3),
                message: .noteOn(channel: 0, key: UInt8(127 - $0 % 128), velocity: 9)
            )
        }
        var model = NoteTrackerModel()
        for message in chord { model.consume(message) }
        #expect(Note.notes(from: chord) == model.finish())
    }

    @Test("the same notes when messages come out of time order (a full sort)")
    func outOfOrder() {
        var messages = stream(seed: 99, count: 300)
        messages.swapAt(10, 200)
        var fast = NoteTracker()
        var model = NoteTrackerModel()
        for message in messages {
            fast.consume(message)
            model.consume(message)
        }
        #expect(fast.finish() == model.finish())
    }

    @Test("a copy is independent: both go on as their own trackers (copy on write)")
    func copies() {
        let first = stream(seed: 5, count: 300)
        var fast = NoteTracker()
        var model = NoteTrackerModel()
        for message in first {
            fast.consume(message)
            model.consume(message)
        }
        var fastCopy = fast
        var modelCopy = model
        for (a, b) in zip(stream(seed: 6, count: 300), stream(seed: 7, count: 300)) {
            let shifted = { (m: TimedMessage) in
                TimedMessage(time: m.time + 60_000_000_000, port: m.port, message: m.message)
            }
            fast.consume(shifted(a))
            model.consume(shifted(a))
            fastCopy.consume(shifted(b))
            modelCopy.consume(shifted(b))
        }
        #expect(fast.finish() == model.finish())
        #expect(fastCopy.finish() == modelCopy.finish())
    }
}
