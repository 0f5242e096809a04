import Testing

@testable import MIDICore

@Suite("Note counting and summaries")
struct NoteSummaryTests {
    @Test("isNoteOn says what decoding says, for every status and edge data byte")
    func isNoteOnAgreesWithDecoding() {
        let data: [UInt8] = [0x00, 0x01, 0x3C, 0x7F, 0x80, 0xFF]
        for status in UInt8(0)...UInt8(0xFF) {
            for first in data {
                for second in data {
                    for bytes in [[status, first, second], [status, first], [status, first, second, 0x40]] {
                        var decodedAsNoteOn = false
                        if case .noteOn = MIDIMessage(bytes: bytes) { decodedAsNoteOn = true }
                        #expect(MIDIMessage.isNoteOn(bytes) == decodedAsNoteOn, "\(bytes)")
                    }
                }
            }
        }
    }

    @Test("a summary counts note-ons, ends held notes at the end given, and bridges short silences")
    func summary() {
        let second: Int64 = 1_000_000_000
        let messages = [
            TimedMessage(time: 0, message: .noteOn(channel: 0, key: 60, velocity: 80)),
            TimedMessage(time: second, message: .noteOff(channel: 0, key: 60, velocity: 64)),
            // Velocity 0: a note-off, not a note.
            TimedMessage(time: second, message: .noteOff(channel: 0, key: 61, velocity: 64)),
            TimedMessage(time: 2 * second, message: .noteOn(channel: 0, key: 62, velocity: 80)),
            TimedMessage(time: 10 * second, message: .noteOn(channel: 0, key: 64, velocity: 80)),
            TimedMessage(time: 11 * second, message: .noteOff(channel: 0, key: 64, velocity: 64)),
        ]
        let summary = NoteSummary(messages, endingAt: 12 * second)
        #expect(summary.noteCount == 3)
        // 62 never ends: it sounds until the end given.
        #expect(summary.lastSoundEnd == 12 * second)
        let notes = Note.notes(from: messages)
        #expect(summary.noteCount == notes.count)
        #expect(NoteSummary(messages).activeDuration == Note.activeDuration(of: notes))
        #expect(NoteSummary([]) == NoteSummary())
    }
}
