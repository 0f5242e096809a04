internal import CALSA
import Glibc
import MIDICore

/// The capture thread's state: the sequencer handle, hot-plug tracking, SysEx assembly.
/// Created and used on the capture thread only.
final class CaptureLoop {
    private let sequencer: Sequencer
    private let options: ALSACaptureSource.Options
    private var output: CaptureBatcher
    private let queue: Int32
    private let inputPort: UInt8
    /// CLOCK_MONOTONIC minus queue time, in nanoseconds.
    private let clockOffset: Int64
    private var tracker: HotplugTracker
    private var assemblers: [SequencerAddress: SysExAssembler] = [:]
    /// SysEx messages cut at ``SysExLimit/bytes`` since capture started.
    private var truncatedSysEx = 0
    /// The latest time handed out: see ``time(of:)``.
    private var lastTime: Nanoseconds = .min

    init(options: ALSACaptureSource.Options, output: CaptureBatcher) throws {
        self.options = options
        self.output = output
        let sequencer = try Sequencer(clientName: options.clientName)
        self.sequencer = sequencer
        try sequencer.setInputCapacity(events: options.inputPoolEvents, bufferBytes: options.inputBufferBytes)
        queue = try sequencer.startQueue(named: options.clientName)
        inputPort = try sequencer.createInputPort(name: "\(options.clientName) input", timestampQueue: queue)
        clockOffset = try Self.measureClockOffset(sequencer, queue: queue)
        tracker = HotplugTracker(selection: options.selection, ownClient: sequencer.clientID)
        // Announcements first, then the listing: a port plugged in between is seen at least once.
        try sequencer.connect(from: .systemAnnounce, to: inputPort)
        let ports = sequencer.ports()
        for spec in options.selection.unmatchedSpecs(in: ports) {
            self.output.emit(.warning("--port \(spec.text) matches no port now; waiting for it to appear"))
        }
        let now = SystemClock.monotonic()
        for port in ports {
            perform(tracker.portAppeared(port), at: now, hotPlugged: false)
        }
        try sequencer.setNonBlocking()
        self.output.flush()
    }

    /// Queue time and CLOCK_MONOTONIC read back to back; the narrowest of a few tries wins.
    private static func measureClockOffset(_ sequencer: Sequencer, queue: Int32) throws -> Int64 {
        var best: (window: Int64, offset: Int64) = (.max, 0)
        for _ in 0..<5 {
            let before = SystemClock.monotonic()
            let queueTime = try sequencer.queueTime(queue)
            let after = SystemClock.monotonic()
            if after - before < best.window { best = (after - before, (before + after) / 2 - queueTime) }
        }
        return best.offset
    }

    /// Polls until `stopFlag` is set. Drains everything readable after each wake-up and hands
    /// it over as one batch. Ends the stream when it returns.
    func run(wakeup: WakeupDescriptor, stopFlag: StopFlag) {
        var descriptors = sequencer.pollDescriptors()
        descriptors.append(pollfd(fd: wakeup.descriptor, events: Int16(POLLIN), revents: 0))
        while !stopFlag.isSet {
            let ready = poll(&descriptors, nfds_t(descriptors.count), -1)
            if ready < 0 {
                if errno == EINTR { continue }
                output.emit(.failed("cannot wait for MIDI input: \(String(cString: strerror(errno)))"))
                output.finish()
                return
            }
            if descriptors.last!.revents != 0 { wakeup.drain() }
            if stopFlag.isSet { break }
            do {
                try drain()
                output.flush()
            } catch {
                output.emit(.failed("\(error)"))
                output.finish()
                return
            }
        }
        // Stopped: whatever SysEx was half-received is kept.
        let now = SystemClock.monotonic()
        for (address, _) in assemblers { flushSysEx(from: address, at: now) }
        output.finish()
    }

    /// Asks for real-time scheduling (SCHED_FIFO, low priority) so that a burst is read before
    /// the kernel FIFO fills, even while the rest of the recorder is busy. Allowed for root and
    /// for users with an rtprio limit (the 'audio' group on most distributions); otherwise the
    /// thread keeps normal scheduling, which is fine at the rates keyboards send.
    static func raisePriority() {
        var parameters = sched_param()
        parameters.sched_priority = 10
        _ = pthread_setschedparam(pthread_self(), Int32(SCHED_FIFO), &parameters)
    }

    private func drain() throws(ALSAError) {
        while true {
            var decoded: DecodedSequencerEvent? = nil
            switch try sequencer.readEvent({ decoded = SequencerEventDecoder.decode($0) }) {
            case .empty:
                return
            case .overrun:
                output.emit(.overrun(time: SystemClock.monotonic()))
            case .event:
                if let decoded { handle(decoded) }
            }
        }
    }

    /// The capture-clock time of `event`: its queue stamp, or now for unstamped events.
    ///
    /// The queue's real time is interpolated between timer ticks and can step back by a few
    /// microseconds at a tick; arrival order is the true order, so time never goes backwards here.
    private func time(of event: DecodedSequencerEvent) -> Nanoseconds {
        let stamped = event.stamp.flatMap { Int32($0.queue) == queue ? $0.nanoseconds + clockOffset : nil }
        lastTime = max(lastTime, stamped ?? SystemClock.monotonic())
        return lastTime
    }

    private func handle(_ event: DecodedSequencerEvent) {
        let time = time(of: event)
        if event.source == .systemAnnounce, case .announcement(let announcement) = event.input {
            let actions = tracker.handle(announcement, port: { sequencer.port(at: $0) }, ports: { sequencer.ports() })
            perform(actions, at: time)
            return
        }
        switch event.input {
        case .midi(let messages):
            guard let device = tracker.device(sending: event.source, port: sequencer.port(at: event.source)) else {
                return
            }
            for message in messages {
                if options.dropClock && Self.isTransport(message) { continue }
                // A status byte ends a SysEx in progress (realtime bytes may interleave).
                if !message.isRealtime { flushSysEx(from: event.source, at: time) }
                output.emit(.message(CapturedMessage(time: time, device: device.id, message: message)))
            }
        case .sysExChunk(let bytes):
            guard let device = tracker.device(sending: event.source, port: sequencer.port(at: event.source)) else {
                return
            }
            let truncated = assemblers[event.source]?.truncated ?? 0
            defer {
                if let now = assemblers[event.source]?.truncated, now > truncated {
                    truncatedSysEx += now - truncated
                    output.emit(.warning(SysExLimit.warning(count: truncatedSysEx)))
                }
            }
            for message in assemblers[event.source, default: SysExAssembler()].add(bytes) {
                output.emit(
                    .message(CapturedMessage(time: time, device: device.id, message: .sysEx(SysExPayload(message))))
                )
            }
        case .announcement, .ignored:
            break
        }
    }

    private static func isTransport(_ message: MIDIMessage) -> Bool {
        switch message {
        case .clock, .start, .continue, .stop: return true
        default: return false
        }
    }

    private func perform(_ actions: [HotplugTracker.Action], at time: Nanoseconds, hotPlugged: Bool = true) {
        for action in actions {
            switch action {
            case .attach(let device, let again):
                guard let address = device.address else { continue }
                do {
                    try sequencer.connect(from: address, to: inputPort)
                    output.emit(.attached(device, time: time, again: again, hotPlugged: hotPlugged))
                } catch {
                    tracker.attachFailed(address)
                    output.emit(.warning("cannot record \(device.name) (\(address)): \(error)"))
                }
            case .detach(let device):
                if let address = device.address { flushSysEx(from: address, device: device, at: time) }
                output.emit(.detached(device, time: time))
            }
        }
    }

    private func flushSysEx(from address: SequencerAddress, device: CaptureDevice? = nil, at time: Nanoseconds) {
        // Called for every channel message: the common case (no SysEx open) returns first.
        guard assemblers[address]?.isOpen == true, let device = device ?? tracker.attached[address],
            let partial = assemblers[address]?.flush()
        else { return }
        output.emit(.message(CapturedMessage(time: time, device: device.id, message: .sysEx(SysExPayload(partial)))))
    }
}
