public import MIDICore

/// Running counts for the live status line and the end-of-session summary. Memory is bounded by
/// the devices seen, however long capture runs.
///
/// The kernel drops events when our input FIFO is full and reports only that it happened
/// (-ENOSPC), not how many, so each overrun counts once.
public struct CaptureStatistics: Hashable, Sendable {
    /// Messages recorded (including SysEx and the note-offs added for unplugged devices).
    public private(set) var messages = 0
    /// Note-ons recorded.
    public private(set) var notes = 0
    /// Kernel FIFO overruns.
    public private(set) var overruns = 0
    /// Capture-clock time of the latest overrun.
    public private(set) var lastOverrun: Nanoseconds?
    /// Devices attached now, by id.
    public private(set) var attached: [Int: CaptureDevice] = [:]
    /// Every device seen, by id (attached now or before).
    public private(set) var seen: [Int: CaptureDevice] = [:]

    public init() {}

    public mutating func count(_ message: MIDIMessage) {
        messages += 1
        if case .noteOn = message { notes += 1 }
    }

    public mutating func overrun(at time: Nanoseconds) {
        overruns += 1
        lastOverrun = time
    }

    public mutating func attach(_ device: CaptureDevice) {
        attached[device.id] = device
        seen[device.id] = device
    }

    public mutating func detach(_ device: CaptureDevice) {
        attached[device.id] = nil
    }

    /// Starts counting a new session (devices stay attached).
    public mutating func resetCounts() {
        messages = 0
        notes = 0
        overruns = 0
        lastOverrun = nil
    }
}
