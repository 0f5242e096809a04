import Foundation
import MIDICapture
import MIDICore
import PracticeLibrary
import PracticeReports
import SessionStore
import Synchronization
import Testing

/// A capture source that plays back scripted batches, as the ALSA source would deliver them.
final class ScriptedSource: CaptureSource {
    let batches: [[CaptureEvent]]
    var description: String { "scripted" }

    init(_ batches: [[CaptureEvent]]) { self.batches = batches }

    func start() throws -> AsyncStream<[CaptureEvent]> {
        let (stream, continuation) = AsyncStream.makeStream(of: [CaptureEvent].self)
        for batch in batches { continuation.yield(batch) }
        continuation.finish()
        return stream
    }

    func stop() {}
    func now() -> Nanoseconds { batches.flatMap { $0 }.compactMap(\.time).max() ?? 0 }
}

extension CaptureEvent {
    fileprivate var time: Nanoseconds? {
        switch self {
        case .attached(_, let time, _, _), .detached(_, let time), .overrun(let time), .dropped(_, let time):
            return time
        case .message(let message): return message.time
        case .warning, .failed: return nil
        }
    }
}

private let ms = Nanoseconds.nanosecondsPerMillisecond
private let keyboard = CaptureDevice(
    id: 0,
    name: "Digital Piano / Digital Piano MIDI 1",
    address: SequencerAddress(client: 24, port: 0),
    kind: .controller
)

private func message(_ time: Nanoseconds, _ message: MIDIMessage) -> CaptureEvent {
    .message(CapturedMessage(time: time, device: 0, message: message))
}

private func record(_ batches: [[CaptureEvent]], gap: Nanoseconds = 10_000 * ms) async throws -> Library {
    let library = try Library.inMemory()
    let recorder = Recorder(
        library: library,
        source: ScriptedSource(batches),
        sourceKind: .capture,
        gap: gap,
        observer: EventLog()
    )
    try await recorder.run()
    return library
}

/// Keeps what a recorder said, for the tests to read.
final class EventLog: RecorderObserver {
    private let events = Mutex<[RecorderEvent]>([])

    func recorder(_ event: RecorderEvent) {
        events.withLock { $0.append(event) }
    }

    /// The events so far, status updates left out.
    var said: [RecorderEvent] {
        events.withLock { $0 }.filter { if case .status = $0 { false } else { true } }
    }
}

struct RecorderTests {
    @Test func overrunsAreStoredWithTheSessionAtTheirTime() async throws {
        let library = try await record([
            [.attached(keyboard, time: 0, again: false, hotPlugged: false)],
            [message(1000 * ms, .noteOn(channel: 0, key: 60, velocity: 80)), .overrun(time: 1500 * ms)],
            [.overrun(time: 1600 * ms), message(2000 * ms, .noteOff(channel: 0, key: 60, velocity: 64))],
        ])
        let session = try #require(try library.sessions().first)
        #expect(session.overrunCount == 2)
        #expect(try library.overruns(session: session.id).map(\.time) == [500 * ms, 600 * ms])
    }

    @Test func aLiveSessionIsTaggedWithItsInstrumentsShortName() async throws {
        let library = try await record([
            [.attached(keyboard, time: 0, again: false, hotPlugged: false)],
            [message(1000 * ms, .noteOn(channel: 0, key: 60, velocity: 80))],
            [message(2000 * ms, .noteOff(channel: 0, key: 60, velocity: 64))],
        ])
        let tags = try #require(try library.sessions().first).tags
        #expect(tags.contains("digital-piano"))
        #expect(!tags.contains { $0.contains("midi") })
    }

    @Test func overrunBetweenSessionsGoesToTheNextSession() async throws {
        let library = try await record([
            [.attached(keyboard, time: 0, again: false, hotPlugged: false), .overrun(time: 100 * ms)],
            [message(1000 * ms, .noteOn(channel: 0, key: 60, velocity: 80))],
        ])
        #expect(try library.sessions().first?.overrunCount == 1)
    }

    @Test func unplugEndsSoundingNotesAtTheUnplugTimeInTheSameSession() async throws {
        let library = try await record([
            [.attached(keyboard, time: 0, again: false, hotPlugged: false)],
            [
                message(1000 * ms, .noteOn(channel: 0, key: 60, velocity: 80)),
                message(1100 * ms, .controlChange(channel: 0, controller: 64, value: 127)),
            ],
            [.detached(keyboard, time: 1500 * ms)],
            [.attached(keyboard, time: 2000 * ms, again: true, hotPlugged: true)],
            [message(2500 * ms, .noteOn(channel: 0, key: 62, velocity: 80))],
        ])
        let sessions = try library.sessions()
        #expect(sessions.count == 1)
        let events = try library.events(session: sessions[0].id).compactMap(\.timedMessage)
        #expect(
            events.map(\.message) == [
                .noteOn(channel: 0, key: 60, velocity: 80), .controlChange(channel: 0, controller: 64, value: 127),
                .noteOff(channel: 0, key: 60, velocity: 64), .controlChange(channel: 0, controller: 64, value: 0),
                .noteOn(channel: 0, key: 62, velocity: 80),
            ]
        )
        #expect(events.map(\.time) == [0, 100 * ms, 500 * ms, 500 * ms, 1500 * ms])
        #expect(Set(events.map(\.port)) == [0])
    }

    @Test func sessionsSplitAtTheGapAndCloseAtTheirLastEvent() async throws {
        let library = try await record(
            [
                [message(0, .noteOn(channel: 0, key: 60, velocity: 80))],
                [message(400 * ms, .noteOff(channel: 0, key: 60, velocity: 64))],
                [message(5000 * ms, .noteOn(channel: 0, key: 62, velocity: 80))],
                [message(5300 * ms, .noteOff(channel: 0, key: 62, velocity: 64))],
            ],
            gap: 1000 * ms
        )
        let sessions = try library.sessions().sorted { $0.id < $1.id }
        #expect(sessions.map(\.durationNs) == [400 * ms, 300 * ms])
        #expect(sessions.allSatisfy { $0.state == .closed })
        // Each closed session was analysed and its report stored before run() returned.
        for session in sessions {
            let stored = try #require(try library.analysis(session: session.id))
            #expect(stored.analyzerVersion == SessionAnalysis.version)
            #expect(try PracticeReport.decode(stored.report).session.notes == 1)
        }
    }

    @Test func theObserverHearsEachSessionOpenCloseAndItsReport() async throws {
        let log = EventLog()
        let recorder = Recorder(
            library: try Library.inMemory(),
            source: ScriptedSource([
                [.attached(keyboard, time: 0, again: false, hotPlugged: false)],
                [message(1000 * ms, .noteOn(channel: 0, key: 60, velocity: 80))],
                [message(1400 * ms, .noteOff(channel: 0, key: 60, velocity: 64))],
                [message(5000 * ms, .noteOn(channel: 0, key: 62, velocity: 80))],
                [.detached(keyboard, time: 5200 * ms)],
            ]),
            sourceKind: .capture,
            gap: 1000 * ms,
            observer: log
        )
        try await recorder.run()
        let words = log.said.map { event -> String in
            switch event {
            case .started: "started"
            case .attached: "attached"
            case .detached(_, let notes): "detached \(notes)"
            case .sessionStarted(let id): "open \(id)"
            case .sessionClosed(let summary): "closed \(summary.id) \(summary.notes)"
            case .sessionAnalysed(let id, let report): "analysed \(id) \(report.session.notes)"
            case .stopped: "stopped"
            default: "other"
            }
        }
        // Analyses run one at a time, in the order the sessions closed.
        #expect(
            words.filter { !$0.hasPrefix("analysed") } == [
                "started", "attached", "open 1", "closed 1 1", "open 2", "detached 1", "closed 2 1", "stopped",
            ]
        )
        #expect(words.filter { $0.hasPrefix("analysed") } == ["analysed 1 1", "analysed 2 1"])
        let statistics = await recorder.statistics
        #expect(statistics.sessions == 2)
        #expect(statistics.latency.count == 4)
    }
}
