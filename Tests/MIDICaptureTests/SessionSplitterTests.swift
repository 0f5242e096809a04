import MIDICore
import Testing

@testable import MIDICapture

private let second = Nanoseconds.nanosecondsPerSecond

private func message(
    _ seconds: Int64,
    _ message: MIDIMessage = .noteOn(channel: 0, key: 60, velocity: 90)
) -> CapturedMessage {
    CapturedMessage(time: seconds * second, device: 0, message: message)
}

@Test func firstNoteOpensASession() {
    var splitter = SessionSplitter(gap: 600 * second)
    #expect(splitter.consume(message(5)) == [.open(at: 5 * second), .record(message(5))])
}

@Test func shortPausesStayInsideLongOnesSplit() {
    var splitter = SessionSplitter(gap: 600 * second)
    _ = splitter.consume(message(0))
    #expect(splitter.consume(message(599)) == [.record(message(599))])
    #expect(
        splitter.consume(message(1200)) == [.close(at: 599 * second), .open(at: 1200 * second), .record(message(1200))]
    )
}

@Test func silenceClosesTheSessionAtItsLastActivity() {
    var splitter = SessionSplitter(gap: 10 * second)
    _ = splitter.consume(message(1))
    #expect(splitter.expire(now: 11 * second).isEmpty)
    #expect(splitter.expire(now: 12 * second) == [.close(at: 1 * second)])
    #expect(splitter.openedAt == nil)
}

@Test func clockAloneNeitherOpensNorExtendsASession() {
    var splitter = SessionSplitter(gap: 10 * second)
    #expect(splitter.consume(message(0, .clock)).isEmpty)
    _ = splitter.consume(message(1))
    // Clock inside a session is held back, then recorded when playing goes on.
    #expect(splitter.consume(message(2, .clock)).isEmpty)
    #expect(splitter.consume(message(3)) == [.record(message(2, .clock)), .record(message(3))])
    // Clock after the last note is dropped when the session closes: it is not practice.
    _ = splitter.consume(message(5, .clock))
    #expect(splitter.consume(message(20, .clock)) == [.close(at: 3 * second)])
}

@Test func finishClosesAtTheLastActivity() {
    var splitter = SessionSplitter(gap: 10 * second)
    #expect(splitter.finish().isEmpty)
    _ = splitter.consume(message(1))
    _ = splitter.consume(message(4, .controlChange(channel: 0, controller: 64, value: 0)))
    #expect(splitter.finish() == [.close(at: 4 * second)])
}
