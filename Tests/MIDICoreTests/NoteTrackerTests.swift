import Testing

@testable import MIDICore

@Suite("Notes with pedals folded in")
struct NoteTrackerTests {
    func ms(_ value: Int64) -> Int64 { value * 1_000_000 }

    func notes(_ events: [(Int64, MIDIMessage)], port: UInt16 = 0) -> [Note] {
        Note.notes(from: events.map { TimedMessage(time: ms($0.0), port: port, message: $0.1) })
    }

    @Test("a plain note runs from its note-on to its note-off")
    func plain() {
        let n = notes([
            (0, .noteOn(channel: 2, key: 60, velocity: 80)), (400, .noteOff(channel: 2, key: 60, velocity: 0)),
        ])
        #expect(n == [Note(onset: 0, release: ms(400), end: ms(400), key: 60, velocity: 80, channel: 2)])
    }

    @Test("the damper pedal keeps a released note sounding until it lifts")
    func sustain() {
        let n = notes([
            (0, .controlChange(channel: 0, controller: 64, value: 127)),
            (10, .noteOn(channel: 0, key: 60, velocity: 80)),
            (100, .noteOff(channel: 0, key: 60, velocity: 64)),
            (500, .controlChange(channel: 0, controller: 64, value: 0)),
        ])
        #expect(n.count == 1)
        #expect(n[0].release == ms(100))
        #expect(n[0].end == ms(500))
    }

    @Test("re-striking a pedalled key ends the old note at the new onset")
    func restrikeUnderPedal() {
        let n = notes([
            (0, .controlChange(channel: 0, controller: 64, value: 100)),
            (10, .noteOn(channel: 0, key: 60, velocity: 80)),
            (100, .noteOff(channel: 0, key: 60, velocity: 64)),
            (200, .noteOn(channel: 0, key: 60, velocity: 70)),
            (300, .noteOff(channel: 0, key: 60, velocity: 64)),
            (900, .controlChange(channel: 0, controller: 64, value: 0)),
        ])
        #expect(n.map(\.end) == [ms(200), ms(900)])
    }

    @Test("sostenuto holds only the keys down when it was pressed")
    func sostenuto() {
        let n = notes([
            (0, .noteOn(channel: 0, key: 48, velocity: 80)),
            (10, .controlChange(channel: 0, controller: 66, value: 127)),
            (20, .noteOff(channel: 0, key: 48, velocity: 64)),
            (30, .noteOn(channel: 0, key: 72, velocity: 80)),
            (40, .noteOff(channel: 0, key: 72, velocity: 64)),
            (800, .controlChange(channel: 0, controller: 66, value: 0)),
        ])
        #expect(n.first { $0.key == 48 }?.end == ms(800))
        #expect(n.first { $0.key == 72 }?.end == ms(40))
    }

    @Test("overlapping same-key notes are both kept, paired first in first out")
    func overlapping() {
        let n = notes([
            (0, .noteOn(channel: 0, key: 54, velocity: 78)),
            (0, .noteOn(channel: 0, key: 54, velocity: 78)),
            (114, .noteOff(channel: 0, key: 54, velocity: 64)),
            (128, .noteOff(channel: 0, key: 54, velocity: 64)),
        ])
        #expect(n.map(\.end) == [ms(114), ms(128)])
    }

    @Test("a note-off with nothing to end is counted, not fatal")
    func unmatchedOff() {
        var tracker = NoteTracker()
        tracker.consume(TimedMessage(time: 0, message: .noteOff(channel: 0, key: 60, velocity: 0)))
        tracker.consume(TimedMessage(time: 5, message: .noteOn(channel: 0, key: 61, velocity: 9)))
        #expect(tracker.unmatchedNoteOffs == 1)
        let n = tracker.finish(at: ms(1))
        #expect(n == [Note(onset: 5, release: ms(1), end: ms(1), key: 61, velocity: 9)])
    }

    @Test("channels and ports keep their own pedals")
    func separateChannels() {
        let n = notes([
            (0, .controlChange(channel: 1, controller: 64, value: 127)),
            (10, .noteOn(channel: 0, key: 60, velocity: 80)),
            (20, .noteOff(channel: 0, key: 60, velocity: 64)),
        ])
        #expect(n[0].end == ms(20))
    }

    @Test("closing a port ends its sounding notes at the unplug time")
    func closePort() {
        var tracker = NoteTracker()
        tracker.consume(TimedMessage(time: 0, port: 1, message: .noteOn(channel: 0, key: 60, velocity: 80)))
        tracker.consume(TimedMessage(time: 0, port: 2, message: .noteOn(channel: 0, key: 62, velocity: 80)))
        tracker.closeAll(port: 1, at: ms(50))
        tracker.consume(TimedMessage(time: ms(90), port: 2, message: .noteOff(channel: 0, key: 62, velocity: 80)))
        let n = tracker.finish()
        #expect(n.map(\.end) == [ms(50), ms(90)])
    }

    @Test("active time bridges short silences only")
    func activeTime() {
        let a = Note(onset: 0, release: ms(1000), end: ms(1000), key: 60, velocity: 1)
        let b = Note(onset: ms(2500), release: ms(3000), end: ms(3000), key: 60, velocity: 1)
        let c = Note(onset: ms(10_000), release: ms(10_500), end: ms(10_500), key: 60, velocity: 1)
        #expect(Note.activeDuration(of: [c, a, b]) == ms(3000) + ms(500))
        #expect(Note.activeDuration(of: []) == 0)
    }
}
