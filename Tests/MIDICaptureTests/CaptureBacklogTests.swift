import MIDICore
import Testing

@testable import MIDICapture

private let device = CaptureDevice(id: 0, name: "keyboard", address: nil, kind: .controller)

private func note(_ time: Nanoseconds) -> CaptureEvent {
    .message(CapturedMessage(time: time, device: 0, message: .noteOn(channel: 0, key: 60, velocity: 90)))
}

@Suite("The capture queue is bounded")
struct CaptureBacklogTests {
    @Test("messages past the limit are dropped, counted and reported once there is room; devices are kept")
    func overflowIsCounted() async {
        let (stream, continuation) = AsyncStream.makeStream(of: [CaptureEvent].self, bufferingPolicy: .unbounded)
        let backlog = CaptureBacklog(limit: 10)
        let events = backlog.bounded(stream) {}
        var output = CaptureBatcher(continuation, backlog: backlog)
        // 8 fit; the next batch of 5 does not: its messages go, the detach stays.
        for time in 0..<8 { output.emit(note(Nanoseconds(time))) }
        output.flush()
        for time in 8..<13 { output.emit(note(Nanoseconds(time))) }
        output.emit(.detached(device, time: 13))
        output.flush()
        #expect(backlog.count == 9)
        var iterator = events.makeAsyncIterator()
        #expect(await iterator.next()?.count == 8)
        #expect(await iterator.next() == [.detached(device, time: 13)])
        #expect(backlog.count == 0)
        // Room again: the count comes first in the next batch.
        output.emit(note(20))
        output.flush()
        #expect(await iterator.next() == [.dropped(count: 5, time: 12), note(20)])
        output.finish()
        #expect(await iterator.next() == nil)
    }

    @Test("a count not yet reported comes before the end of the stream")
    func finishReportsTheCount() async {
        let (stream, continuation) = AsyncStream.makeStream(of: [CaptureEvent].self, bufferingPolicy: .unbounded)
        let backlog = CaptureBacklog(limit: 2)
        var output = CaptureBatcher(continuation, backlog: backlog)
        for time in 0..<3 { output.emit(note(Nanoseconds(time))) }
        output.finish()
        var batches: [[CaptureEvent]] = []
        for await batch in backlog.bounded(stream, onCancel: {}) { batches.append(batch) }
        #expect(batches == [[.dropped(count: 3, time: 2)]])
        #expect(backlog.count == 0)
    }

    @Test("a producer far ahead of its consumer holds at most the limit (plus the events never dropped)")
    func memoryIsBounded() async {
        let (stream, continuation) = AsyncStream.makeStream(of: [CaptureEvent].self, bufferingPolicy: .unbounded)
        let backlog = CaptureBacklog(limit: 1_000)
        var output = CaptureBatcher(continuation, backlog: backlog)
        for batch in 0..<1_000 {
            for index in 0..<100 { output.emit(note(Nanoseconds(batch * 100 + index))) }
            output.flush()
            #expect(backlog.count <= 1_000)
        }
        output.finish()
        var (messages, dropped) = (0, 0)
        for await batch in backlog.bounded(stream, onCancel: {}) {
            for event in batch {
                switch event {
                case .message: messages += 1
                case .dropped(let count, _): dropped += count
                default: break
                }
            }
        }
        #expect(messages == 1_000)
        #expect(messages + dropped == 100_000)
    }
}
