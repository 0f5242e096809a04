/// Time in Woodshed is integer nanoseconds from the start of a session (or of a file).
///
/// Integers keep captured timestamps exact and make every computation deterministic; ticks exist
/// only inside the Standard MIDI File reader and writer.
public typealias Nanoseconds = Int64

extension Int64 {
    /// Nanoseconds per second.
    public static let nanosecondsPerSecond: Int64 = 1_000_000_000
    /// Nanoseconds per millisecond.
    public static let nanosecondsPerMillisecond: Int64 = 1_000_000

    /// This many nanoseconds as seconds (for display and JSON only).
    public var seconds: Double { Double(self) / 1e9 }

    /// Nanoseconds from a number of seconds, rounded to the nearest nanosecond.
    public static func fromSeconds(_ seconds: Double) -> Int64 { Int64((seconds * 1e9).rounded()) }
}
