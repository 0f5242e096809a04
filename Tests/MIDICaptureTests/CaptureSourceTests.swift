import Glibc
import MIDICore
import Testing

@testable import MIDICapture

/// A temporary file with `bytes`, removed by the caller.
private func temporaryFile(_ bytes: [UInt8], suffix: String) -> String {
    var template = Array("/tmp/woodshed-capture-XXXXXX\(suffix)".utf8CString)
    let fd = template.withUnsafeMutableBufferPointer { mkstemps($0.baseAddress!, Int32(suffix.utf8.count)) }
    precondition(fd >= 0)
    _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    close(fd)
    return String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

private func collect(_ source: some CaptureSource) async throws -> [CaptureEvent] {
    var events: [CaptureEvent] = []
    for await batch in try source.start() { events += batch }
    return events
}

private let performance: [TimedMessage] = [
    TimedMessage(time: 0, message: .noteOn(channel: 0, key: 60, velocity: 100)),
    TimedMessage(time: 250_000_000, message: .noteOff(channel: 0, key: 60, velocity: 64)),
    TimedMessage(time: 250_000_000, message: .controlChange(channel: 0, controller: 64, value: 127)),
    TimedMessage(time: 500_000_000, message: .sysEx([0xF0, 0x7E, 0x7F, 0x06, 0x01, 0xF7])),
    TimedMessage(time: 750_000_000, message: .pitchBend(channel: 1, value: 9000)),
]

@Test func fileReplaysWithFileTiming() async throws {
    let path = temporaryFile(StandardMIDIFile(performance: performance, portNames: ["keys"]).encoded(), suffix: ".mid")
    defer { unlink(path) }
    let source = try FileCaptureSource(path: path)
    let events = try await collect(source)
    guard case .attached(let device, let start, false, _) = events.first, case .detached = events.last else {
        Issue.record("expected attach … detach, got \(events)")
        return
    }
    #expect(device.name.hasSuffix("(keys)"))
    let messages = events.compactMap { event -> TimedMessage? in
        guard case .message(let captured) = event else { return nil }
        return TimedMessage(time: captured.time - start, message: captured.message)
    }
    #expect(messages == performance)
}

@Test func fileRealTimePacingTakesTheFileDuration() async throws {
    let path = temporaryFile(StandardMIDIFile(performance: Array(performance.prefix(2))).encoded(), suffix: ".mid")
    defer { unlink(path) }
    let started = SystemClock.monotonic()
    _ = try await collect(try FileCaptureSource(path: path, pacing: .realTime))
    #expect(SystemClock.monotonic() - started >= 250_000_000)
}

@Test func byteStreamIsDecodedUntilEndOfFile() async throws {
    // Running status, realtime inside, SysEx: what a serial cable delivers.
    let path = temporaryFile([0x90, 60, 100, 62, 0xF8, 0, 0xF0, 1, 2, 0xF7], suffix: ".raw")
    defer { unlink(path) }
    let events = try await collect(try ByteStreamCaptureSource(path: path))
    let messages = events.compactMap { event -> MIDIMessage? in
        guard case .message(let captured) = event else { return nil }
        return captured.message
    }
    #expect(
        messages == [
            .noteOn(channel: 0, key: 60, velocity: 100), .clock,
            .noteOff(channel: 0, key: 62, velocity: MIDIMessage.noteOnVelocityZero),
            .sysEx([0xF0, 1, 2, 0xF7]),
        ]
    )
}

@Test func byteStreamReportsItsDeviceBeforeTheFirstByte() async throws {
    var fds: [Int32] = [0, 0]
    #expect(pipe(&fds) == 0)
    defer { close(fds[1]) }
    let source = try ByteStreamCaptureSource(path: "/dev/fd/\(fds[0])")
    var batches = try source.start().makeAsyncIterator()
    close(fds[0])  // the source has its own descriptor now
    // Stopped after a while in any case, so a missing hand-over fails instead of hanging.
    let stopper = Task {
        try await Task.sleep(for: .seconds(2))
        source.stop()
    }
    defer { stopper.cancel() }
    // Nothing written yet: the first batch is the attachment alone.
    let first = await batches.next()
    guard case .attached = first?.first, first?.count == 1 else {
        Issue.record("expected the attachment before any bytes, got \(String(describing: first))")
        return
    }
    source.stop()
}

@Test func missingFilesFailBeforeRecording() throws {
    #expect(throws: CaptureError.self) { try FileCaptureSource(path: "/nonexistent/take.mid") }
    #expect(throws: CaptureError.self) { _ = try ByteStreamCaptureSource(path: "/nonexistent/midi").start() }
}

@Test(.enabled(if: !SequencerListing.isAvailable, "this machine has a sequencer"))
func withoutSequencerTheErrorSaysHowToFixIt() {
    #expect(throws: CaptureError.noSequencer) { try SequencerListing.current() }
    #expect("\(CaptureError.noSequencer)".contains("modprobe snd-seq"))
}

@Test(.enabled(if: SequencerListing.isAvailable, "needs /dev/snd/seq"))
func liveSequencerListsSystemAndStartsAndStopsPromptly() async throws {
    let listing = try SequencerListing.current()
    #expect(listing.entries.contains { $0.port.address == .systemAnnounce && $0.kind == .system })
    let source = try ALSACaptureSource(options: .init(selection: .controllers))
    let stream = try source.start()
    let stoppedAt = SystemClock.monotonic()
    source.stop()
    for await _ in stream {}
    #expect(SystemClock.monotonic() - stoppedAt < 1_000_000_000)
}
