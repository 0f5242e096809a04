import Foundation

/// Runs CPU-heavy work (a session's analysis) on its own thread in Linux's idle scheduling
/// class (SCHED_IDLE: it runs only when nothing else wants the CPU), so that on a single-core machine — a Raspberry Pi Zero, a small VM — the
/// recorder's 100 ms commits still come first and events stay durable within 250 ms.
enum BackgroundWork {
    /// SCHED_IDLE from <sched.h>, which Swift's Glibc module does not export (it is a GNU extension).
    private static let schedIdle: Int32 = 5

    /// Runs `body` on a new idle-class thread and returns when it has finished.
    static func run(_ body: @escaping @Sendable () -> Void) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let thread = Thread {
                // Only this thread changes class; if the kernel refuses, the work runs as usual.
                var parameters = sched_param()
                parameters.sched_priority = 0
                _ = pthread_setschedparam(pthread_self(), schedIdle, &parameters)
                body()
                continuation.resume()
            }
            // The segmenter and the analyzer recurse little, but sessions can be hours long.
            thread.stackSize = 16 << 20
            thread.name = "woodshed-analysis"
            thread.start()
        }
    }
}
