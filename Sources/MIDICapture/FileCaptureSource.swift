import Glibc
public import MIDICore
import Synchronization

/// Replays a Standard MIDI File as if it were being played: `woodshed record --from take.mid`.
///
/// Each track with MIDI events is one device. By default events are delivered as fast as
/// possible, stamped with their file times (so a file becomes a session with exactly its
/// timing, in milliseconds of CPU); with ``Pacing/realTime`` they are delivered when the file
/// says, like a performance (to watch the live status, or to feed a recorder end to end).
public final class FileCaptureSource: CaptureSource {
    public enum Pacing: Sendable {
        case asFastAsPossible
        case realTime
    }

    public let path: String
    public let pacing: Pacing
    private let file: StandardMIDIFile
    private let stopFlag = StopFlag()
    private let origin = SharedTime()
    private let delivered = SharedTime()

    /// Reads and parses the file now, so a bad file fails before recording starts.
    public init(path: String, pacing: Pacing = .asFastAsPossible) throws {
        self.path = path
        self.pacing = pacing
        let bytes = try FileBytes.read(path)
        self.file = try StandardMIDIFile(bytes: bytes)
    }

    public var description: String { "file \(path)" }

    public func now() -> Nanoseconds {
        switch pacing {
        case .realTime: return SystemClock.monotonic()
        case .asFastAsPossible: return origin.value + delivered.value
        }
    }

    /// The file's time 0 on the capture clock (set by ``start()``).
    public var timeZero: Nanoseconds? { origin.value }

    public func start() throws -> AsyncStream<[CaptureEvent]> {
        let (stream, continuation) = AsyncStream.makeStream(of: [CaptureEvent].self, bufferingPolicy: .unbounded)
        let messages = file.timedMessages()
        let duration = max(file.duration, messages.last?.time ?? 0)
        let names = file.tracks.map(\.name)
        let ports = Set(messages.map(\.port)).sorted()
        let start = SystemClock.monotonic()
        origin.value = start
        let devices = ports.enumerated().map { index, port in
            let label = names.indices.contains(Int(port)) ? names[Int(port)].map { " (\($0))" } ?? "" : ""
            return (
                port, CaptureDevice(id: index, name: "\(path) track \(port)\(label)", address: nil, kind: .controller)
            )
        }
        let deviceByPort = Dictionary(uniqueKeysWithValues: devices.map { ($0.0, $0.1.id) })
        let pacing = pacing
        let stopFlag = stopFlag
        let delivered = delivered
        continuation.onTermination = { [stopFlag] _ in stopFlag.set() }
        try startThread {
            var output = CaptureBatcher(continuation)
            for (_, device) in devices { output.emit(.attached(device, time: start, again: false, hotPlugged: false)) }
            for message in messages {
                if stopFlag.isSet { break }
                if pacing == .realTime {
                    output.flush()
                    Self.sleep(until: start + message.time, unless: stopFlag)
                }
                delivered.value = message.time
                let device = deviceByPort[message.port] ?? 0
                output.emit(
                    .message(CapturedMessage(time: start + message.time, device: device, message: message.message))
                )
            }
            let end = start + (stopFlag.isSet ? delivered.value : duration)
            for (_, device) in devices { output.emit(.detached(device, time: end)) }
            output.finish()
        }
        return stream
    }

    public func stop() { stopFlag.set() }

    /// Sleeps until `deadline` (CLOCK_MONOTONIC ns) in steps of at most 100 ms, to notice a stop.
    private static func sleep(until deadline: Nanoseconds, unless stopFlag: StopFlag) {
        while !stopFlag.isSet {
            let remaining = deadline - SystemClock.monotonic()
            guard remaining > 0 else { return }
            let step = min(remaining, 100 * .nanosecondsPerMillisecond)
            var request = timespec(
                tv_sec: Int(step / .nanosecondsPerSecond),
                tv_nsec: Int(step % .nanosecondsPerSecond)
            )
            nanosleep(&request, nil)
        }
    }
}

/// A time in nanoseconds written by one thread and read by others.
final class SharedTime: Sendable {
    private let storage = Atomic<Int64>(0)
    var value: Int64 {
        get { storage.load(ordering: .relaxed) }
        set { storage.store(newValue, ordering: .relaxed) }
    }
}

/// Whole-file reads without Foundation.
enum FileBytes {
    static func read(_ path: String) throws(CaptureError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .cannotOpen(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw .cannotOpen(path: path, reason: String(cString: strerror(errno))) }
            if count == 0 { return bytes }
            bytes.append(contentsOf: buffer[..<count])
        }
    }
}
