import MIDICore
import Testing

@testable import MIDICapture

private func on(_ key: UInt8, device: Int = 0, channel: UInt8 = 0) -> CapturedMessage {
    CapturedMessage(time: 0, device: device, message: .noteOn(channel: channel, key: key, velocity: 80))
}

@Test func unplugEndsHeldNotesAndPedals() {
    var sounding = SoundingNotes()
    sounding.observe(on(60))
    sounding.observe(on(64))
    sounding.observe(on(67, device: 1))
    sounding.observe(CapturedMessage(time: 0, device: 0, message: .noteOff(channel: 0, key: 64, velocity: 0)))
    sounding.observe(
        CapturedMessage(time: 0, device: 0, message: .controlChange(channel: 0, controller: 64, value: 127))
    )
    #expect(sounding.soundingCount(device: 0) == 1)
    let released = sounding.release(device: 0, at: 42)
    #expect(
        released.map(\.message) == [
            .noteOff(channel: 0, key: 60, velocity: 64), .controlChange(channel: 0, controller: 64, value: 0),
        ]
    )
    #expect(released.allSatisfy { $0.time == 42 && $0.device == 0 })
    #expect(sounding.release(device: 0, at: 43).isEmpty)
    #expect(sounding.soundingCount(device: 1) == 1)
}

@Test func repeatedNoteOnsNeedAsManyOffs() {
    var sounding = SoundingNotes()
    sounding.observe(on(60))
    sounding.observe(on(60))
    #expect(sounding.release(device: 0, at: 1).count == 2)
}

@Test func overrunsAreCountedWithTheLatestTime() {
    var statistics = CaptureStatistics()
    statistics.count(.noteOn(channel: 0, key: 60, velocity: 1))
    statistics.count(.noteOff(channel: 0, key: 60, velocity: 1))
    statistics.overrun(at: 5)
    statistics.overrun(at: 9)
    #expect(statistics.messages == 2 && statistics.notes == 1)
    #expect(statistics.overruns == 2 && statistics.lastOverrun == 9)
    statistics.resetCounts()
    #expect(statistics.overruns == 0 && statistics.messages == 0)
}
