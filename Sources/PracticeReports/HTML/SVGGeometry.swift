import MIDICore
import Mustache

/// Numbers and time axes for the inline SVG of the HTML pages. Coordinates are written with at
/// most two decimals so pages stay small and equal inputs give equal bytes.
enum SVGNumber {
    static func format(_ value: Double) -> String {
        let scaled = (value * 100).rounded()
        guard scaled.isFinite else { return "0" }
        let whole = Int(saturating: scaled)
        let sign = whole < 0 ? "-" : ""
        let magnitude = abs(whole)
        let fraction = magnitude % 100
        if fraction == 0 { return sign + "\(magnitude / 100)" }
        return sign + "\(magnitude / 100)."
            + (fraction < 10 ? "0\(fraction)" : fraction % 10 == 0 ? "\(fraction / 10)" : "\(fraction)")
    }

    /// A CSS percentage, "12.5%".
    static func percent(_ fraction: Double) -> String { format(min(100, max(0, fraction * 100))) + "%" }
}

/// A time axis: ticks at round intervals, at most about eight of them.
struct TimeAxis {
    struct Tick {
        /// Position in viewBox units (0–1000).
        var x: String
        /// Position as a CSS percentage, for the HTML label.
        var left: String
        var label: String
    }

    var ticks: [Tick]

    /// - Parameter duration: seconds covered by 1000 viewBox units.
    init(duration: Double) {
        let steps: [Double] = [10, 30, 60, 120, 300, 600, 900, 1_800, 3_600, 7_200]
        let step = steps.first { duration / $0 <= 8 } ?? 7_200
        var ticks: [Tick] = []
        var time = 0.0
        while duration > 0 && time <= duration + 0.001 {
            let fraction = time / duration
            ticks.append(
                Tick(
                    x: SVGNumber.format(fraction * 1000),
                    left: SVGNumber.percent(fraction),
                    label: Self.label(time, step: step)
                )
            )
            time += step
        }
        self.ticks = ticks
    }

    /// "0", "5 min", "1 h 30" — short enough for a phone; with ticks under a minute apart,
    /// the clock ("0:30", "1:00", "1:30"), so no two ticks read alike.
    static func label(_ seconds: Double, step: Double = 60) -> String {
        if step < 60 { return seconds == 0 ? "0" : ReportFormat.clock(seconds) }
        let minutes = Int(saturating: (seconds / 60).rounded())
        if seconds < 60 && seconds > 0 { return "\(Int(saturating: seconds)) s" }
        if minutes == 0 { return "0" }
        if minutes < 60 { return "\(minutes) min" }
        return minutes % 60 == 0 ? "\(minutes / 60) h" : "\(minutes / 60) h \(minutes % 60)"
    }
}

extension TimeAxis.Tick: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "x": x
        case "left": left
        case "label": label
        default: nil
        }
    }
}

extension TimeAxis: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "ticks": ticks
        default: nil
        }
    }
}
