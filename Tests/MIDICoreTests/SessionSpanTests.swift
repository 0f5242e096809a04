import Testing

@testable import MIDICore

@Suite struct SessionSpanTests {
    @Test func notesWithinTheSpanAreKeptAsTheyAre() {
        let notes = [Note(onset: 0, release: 10, end: 20, key: 60, velocity: 64)]
        #expect(SessionSpan.bounded(notes) == notes)
    }

    @Test func notesPastTheSpanAreLeftOutAndLongOnesEndAtIt() {
        let day = SessionSpan.plausible
        let notes = [
            Note(onset: 5, release: .max, end: .max, key: 60, velocity: 64),
            Note(onset: day + 1, release: day + 2, end: day + 3, key: 61, velocity: 64),
            Note(onset: -4, release: 2, end: 3, key: 62, velocity: 64),
        ]
        let bounded = SessionSpan.bounded(notes)
        #expect(bounded == [Note(onset: 5, release: day, end: day, key: 60, velocity: 64)])
        #expect(SessionSpan.bounded([3, day, -1, 7]) == [3, 7])
    }

    @Test func aPerformancePastTheSpanIsRefusedNamingTheFirstMessage() throws {
        let messages = [
            TimedMessage(time: 0, message: .noteOn(channel: 0, key: 60, velocity: 9)),
            TimedMessage(time: SessionSpan.plausible + 1, message: .noteOff(channel: 0, key: 60, velocity: 0)),
        ]
        let performance = Performance(portNames: ["a"], messages: messages, duration: SessionSpan.plausible + 1)
        #expect(throws: SessionSpanError(messageIndex: 1, messageCount: 2, time: SessionSpan.plausible + 1)) {
            try SessionSpan.check(performance)
        }
        var named = SessionSpanError(messageIndex: 1, messageCount: 2, time: 601_866_041 * 1_000_000_000)
        named.path = "x.mid"
        #expect(named.message.hasPrefix("x.mid: message 2 of 2 lies 167185 h after the start, past 24 h"))
        try SessionSpan.check(Performance(portNames: [], messages: Array(messages.prefix(1)), duration: .max))
    }

    @Test func controlCharactersAreShownEscaped() {
        #expect("plain · ü".escapingControlCharacters == "plain · ü")
        #expect("\u{1B}[31mred\u{07}".escapingControlCharacters == "\\u{1B}[31mred\\u{7}")
        #expect("a\u{9B}b\u{7F}\n".escapingControlCharacters == "a\\u{9B}b\\u{7F}\\u{A}")
    }

    @Test func saturatingConversions() {
        #expect(Int(saturating: .infinity) == .max)
        #expect(Int(saturating: -.infinity) == .min)
        #expect(Int(saturating: .nan) == 0)
        #expect(Int(saturating: 9.3e18) == .max)
        #expect(Int(saturating: -2.7) == -2)
        #expect(Int64(saturating: 1e300) == .max)
    }
}
