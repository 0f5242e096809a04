// Benchmark of the session library's recording path, on a real file in a temporary folder:
// events are appended through SessionWriter at a given rate while a flusher commits every
// 100 ms, as `woodshed record` does. Prints events/s sustained, and commit latency (time from
// an event's append to the end of the transaction that made it durable): median, p99, max.
//
//   woodshed-store-bench [EVENTS_PER_SECOND] [SECONDS]      (defaults: 5000, 5)
//   woodshed-store-bench --burst N                          append N events at once, one flush
import Foundation
import SessionStore

func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

let arguments = Array(CommandLine.arguments.dropFirst())
let folder = NSTemporaryDirectory() + "woodshed-store-bench-\(getpid())"
defer { try? FileManager.default.removeItem(atPath: folder) }
let library = try Library(path: folder + "/library.sqlite")
let writer = try SessionWriter(
    library: library,
    session: NewSession(start: Date(), sourceKind: .capture, source: "bench"),
    ports: [PortInfo(port: 0, name: "bench")]
)

if arguments.first == "--burst" {
    let count = Int(arguments.dropFirst().first ?? "") ?? 100_000
    let start = now()
    for i in 0..<count { writer.append(RawEvent(time: Int64(i) * 1000, port: 0, bytes: [0x90, UInt8(i % 128), 64])) }
    let appended = now()
    try writer.flush()
    let flushed = now()
    print(
        "burst of \(count) events: append \(Double(appended - start) / 1e6) ms, one transaction \(Double(flushed - appended) / 1e6) ms (\(Int(Double(count) / (Double(flushed - start) / 1e9))) events/s)"
    )
    exit(0)
}

let rate = Double(arguments.first ?? "") ?? 5000
let seconds = Double(arguments.dropFirst().first ?? "") ?? 5
// Append times of events not yet committed, oldest first.
let pending = NSLock()
nonisolated(unsafe) var appendTimes: [UInt64] = []
nonisolated(unsafe) var latencies: [Double] = []
nonisolated(unsafe) var running = true
let flusher = Thread {
    while running || writer.bufferedCount > 0 {
        Thread.sleep(forTimeInterval: 0.1)
        pending.lock()
        let batch = appendTimes
        appendTimes.removeAll(keepingCapacity: true)
        pending.unlock()
        try! writer.flush()
        let done = now()
        latencies += batch.map { Double(done - $0) / 1e6 }
    }
}
flusher.start()
let total = Int(rate * seconds)
let start = now()
for i in 0..<total {
    let due = start + UInt64(Double(i) / rate * 1e9)
    while now() < due { usleep(50) }
    pending.lock()
    writer.append(RawEvent(time: Int64(now() - start), port: 0, bytes: [0x90, UInt8(i % 128), 64]))
    appendTimes.append(now())
    pending.unlock()
}
running = false
while !flusher.isFinished { usleep(10_000) }
let elapsed = Double(now() - start) / 1e9
latencies.sort()
func percentile(_ p: Double) -> Double { latencies[min(latencies.count - 1, Int(p * Double(latencies.count)))] }
let stored = try library.events(session: writer.sessionID).count
print(
    String(
        format:
            "%d events in %.2f s (%.0f events/s), all stored: %@; append → durable: median %.1f ms, p99 %.1f ms, max %.1f ms",
        total,
        elapsed,
        Double(total) / elapsed,
        stored == total ? "yes" : "NO (\(stored))",
        percentile(0.5),
        percentile(0.99),
        latencies.last ?? 0
    )
)
