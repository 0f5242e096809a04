import Histogram
public import MIDICore

/// Capture-to-durable latencies (event timestamp → committed in SQLite) as an HdrHistogram:
/// memory is fixed (about 94 KB) however many events are recorded, so an always-on recorder
/// can keep measuring for months.
///
/// Values are kept in microseconds from 1 µs to 1 hour with three significant digits: a
/// percentile is within 0.1 % of the exact one (± 0.05 ms at 50 ms). Longer latencies count as
/// 1 hour.
public struct LatencyHistogram: Sendable {
    private static let highest: UInt64 = 3_600_000_000
    private var histogram = Histogram<UInt32>(
        lowestDiscernibleValue: 1,
        highestTrackableValue: highest,
        numberOfSignificantValueDigits: .three
    )

    public init() {}

    /// Latencies measured.
    public var count: Int { Int(histogram.totalCount) }

    /// Records one latency, in nanoseconds (negative ones count as 0). O(1).
    public mutating func record(_ nanoseconds: Nanoseconds) {
        let microseconds = UInt64(max(0, nanoseconds) / 1_000)
        _ = histogram.record(min(max(microseconds, 1), Self.highest))
    }

    /// The value below which `fraction` (0...1) of the latencies fall, nearest rank, in
    /// nanoseconds; nil when none was recorded. O(buckets).
    public func percentile(_ fraction: Double) -> Nanoseconds? {
        guard histogram.totalCount > 0 else { return nil }
        return Nanoseconds(histogram.valueAtPercentile(fraction * 100)) * 1_000
    }
}
