internal import CALSA
import Glibc
public import MIDICore

/// Reads `CLOCK_MONOTONIC` and `CLOCK_REALTIME`, in nanoseconds.
public enum SystemClock {
    /// Nanoseconds since an arbitrary point (boot); never jumps. The live capture clock.
    public static func monotonic() -> Nanoseconds { read(CLOCK_MONOTONIC) }
    /// Nanoseconds since 1970-01-01 UTC; can jump when the clock is set.
    public static func realtime() -> Nanoseconds { read(CLOCK_REALTIME) }

    private static func read(_ clock: clockid_t) -> Nanoseconds {
        var time = timespec()
        clock_gettime(clock, &time)
        return Int64(time.tv_sec) * .nanosecondsPerSecond + Int64(time.tv_nsec)
    }
}

/// An eventfd a thread blocked in poll(2) can be woken with: stopping is immediate and an idle
/// capture thread costs no CPU (no timeouts, no polling loop).
final class WakeupDescriptor: Sendable {
    let descriptor: Int32

    init() throws(CaptureError) {
        let fd = calsa_eventfd_open()
        guard fd >= 0 else { throw .cannotOpen(path: "eventfd", reason: String(cString: strerror(errno))) }
        descriptor = fd
    }

    deinit { close(descriptor) }

    /// Wakes the poller. Async-signal-safe (one write(2)).
    func signal() {
        var one: UInt64 = 1
        _ = write(descriptor, &one, MemoryLayout<UInt64>.size)
    }

    /// Resets the counter after a wake-up.
    func drain() {
        var value: UInt64 = 0
        _ = read(descriptor, &value, MemoryLayout<UInt64>.size)
    }
}

/// Starts a detached POSIX thread running `body`: the capture thread owns its C handles for
/// its whole life, which a Swift concurrency executor cannot promise.
func startThread(_ body: @escaping @Sendable () -> Void) throws(CaptureError) {
    final class Body {
        let run: @Sendable () -> Void
        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }
    let context = Unmanaged.passRetained(Body(body)).toOpaque()
    var thread = pthread_t()
    let result = pthread_create(
        &thread,
        nil,
        { context in
            Unmanaged<Body>.fromOpaque(context!).takeRetainedValue().run()
            return nil
        },
        context
    )
    guard result == 0 else {
        Unmanaged<Body>.fromOpaque(context).release()
        throw .cannotOpen(path: "capture thread", reason: String(cString: strerror(result)))
    }
    pthread_detach(thread)
}
