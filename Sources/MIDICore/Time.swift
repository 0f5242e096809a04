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

extension Int {
    /// `value` rounded toward zero and clamped to Int's range; NaN is 0. For numbers shown to
    /// people (clocks, percentages), where a value out of range must not stop the program.
    public init(saturating value: Double) {
        if value.isNaN {
            self = 0
        } else if value >= 9.223_372_036_854_775e18 {
            self = .max
        } else if value <= -9.223_372_036_854_775e18 {
            self = .min
        } else {
            self = Int(value)
        }
    }
}

extension Int64 {
    /// `value` rounded toward zero and clamped to Int64's range; NaN is 0 (see
    /// ``Swift/Int/init(saturating:)``).
    public init(saturating value: Double) { self = Int64(Int(saturating: value)) }
}
