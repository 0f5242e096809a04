import Glibc
public import MIDICore

/// Records a raw MIDI 1.0 byte stream: standard input, a rawmidi node (/dev/snd/midiC1D0), a
/// serial port set up beforehand with stty, or a FIFO.
///
/// Bytes are stamped with CLOCK_MONOTONIC when read and decoded by ``MIDICore/MIDIStreamDecoder``
/// (running status, interleaved realtime, SysEx across reads). Like the sequencer source it
/// reads on its own thread that sleeps in poll(2) with a wake-up descriptor. The stream ends
/// at end of file (a pipe closed) or on ``stop()``.
public final class ByteStreamCaptureSource: CaptureSource {
    /// A path, or "-" for standard input.
    public let path: String
    private let wakeup: WakeupDescriptor
    private let stopFlag = StopFlag()

    public init(path: String) throws(CaptureError) {
        self.path = path
        self.wakeup = try WakeupDescriptor()
    }

    public var description: String { path == "-" ? "standard input" : "byte stream \(path)" }

    public func now() -> Nanoseconds { SystemClock.monotonic() }

    public func start() throws -> AsyncStream<[CaptureEvent]> {
        let fd: Int32
        if path == "-" {
            fd = dup(STDIN_FILENO)
        } else {
            fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)
        }
        guard fd >= 0 else { throw CaptureError.cannotOpen(path: path, reason: String(cString: strerror(errno))) }
        // Unbounded as a stream; the backlog bounds what it holds (as the sequencer source's).
        let (stream, continuation) = AsyncStream.makeStream(of: [CaptureEvent].self, bufferingPolicy: .unbounded)
        let backlog = CaptureBacklog()
        let device = CaptureDevice(id: 0, name: path == "-" ? "stdin" : path, address: nil, kind: .controller)
        let wakeup = wakeup
        let stopFlag = stopFlag
        continuation.onTermination = { [weak self] _ in self?.stop() }
        do {
            try startThread {
                defer { close(fd) }
                var output = CaptureBatcher(continuation, backlog: backlog)
                output.emit(.attached(device, time: SystemClock.monotonic(), again: false, hotPlugged: false))
                output.flush()  // the recorder shows the device now, not with the first bytes
                Self.pump(fd, device: device.id, wakeup: wakeup, stopFlag: stopFlag, into: &output)
                output.emit(.detached(device, time: SystemClock.monotonic()))
                output.finish()
            }
        } catch {
            close(fd)
            throw error
        }
        return backlog.bounded(stream) { [weak self] in self?.stop() }
    }

    public func stop() {
        stopFlag.set()
        wakeup.signal()
    }

    private static func pump(
        _ fd: Int32,
        device: Int,
        wakeup: WakeupDescriptor,
        stopFlag: StopFlag,
        into output: inout CaptureBatcher
    ) {
        var decoder = MIDIStreamDecoder()
        var buffer = [UInt8](repeating: 0, count: 4096)
        var descriptors = [
            pollfd(fd: fd, events: Int16(POLLIN), revents: 0),
            pollfd(fd: wakeup.descriptor, events: Int16(POLLIN), revents: 0),
        ]
        while !stopFlag.isSet {
            if poll(&descriptors, 2, -1) < 0 {
                if errno == EINTR { continue }
                output.emit(.failed("cannot wait for MIDI bytes: \(String(cString: strerror(errno)))"))
                return
            }
            if stopFlag.isSet { break }
            guard descriptors[0].revents != 0 else { continue }
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                output.emit(.failed("cannot read MIDI bytes: \(String(cString: strerror(errno)))"))
                return
            }
            let time = SystemClock.monotonic()
            if count == 0 { break }
            let truncated = decoder.truncatedSysEx
            decoder.decode(buffer[..<count]) { message in
                output.emit(.message(CapturedMessage(time: time, device: device, message: message)))
            }
            if decoder.truncatedSysEx > truncated {
                output.emit(.warning(SysExLimit.warning(count: decoder.truncatedSysEx)))
            }
            output.flush()
        }
        decoder.finish { message in
            output.emit(
                .message(CapturedMessage(time: SystemClock.monotonic(), device: device, message: message))
            )
        }
    }
}
