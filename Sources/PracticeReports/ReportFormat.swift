import MIDICore
public import PracticeAnalyzer
public import PracticeSegmenter

/// How numbers look in every rendering (text, Markdown, HTML), so the same value reads the same
/// everywhere and agrees with the JSON.
public enum ReportFormat {
    /// "m:ss" under an hour, "h:mm:ss" from an hour, from seconds (rounded down to the second,
    /// like a stopwatch).
    public static func clock(_ seconds: Double) -> String {
        let total = max(0, Int(saturating: seconds.rounded(.down)))
        let (hours, minutes, rest) = (total / 3600, total / 60 % 60, total % 60)
        let two = { (value: Int) in value < 10 ? "0\(value)" : "\(value)" }
        return hours > 0 ? "\(hours):\(two(minutes)):\(two(rest))" : "\(minutes):\(two(rest))"
    }

    /// The clock of a time in nanoseconds (the library's unit), through the report's seconds
    /// (``Seconds/from(_:)``, rounded to the millisecond) — so a stored duration reads exactly as
    /// the report's JSON value does: 264.9996 s is 265.000 s in both, "4:25".
    public static func clock(nanoseconds: Int64) -> String {
        clock(Seconds.from(nanoseconds))
    }

    /// "59%" for 0.5938; rounded to the nearest percent.
    public static func percent(_ ratio: Double) -> String {
        "\(Int(saturating: (ratio * 100).rounded()))%"
    }

    /// Seconds of playing below which a rate per hour says nothing (one switch in 22 s is not
    /// "161.5/h"): renderings show the count alone then.
    public static let ratePlayingMinimum: Double = 600

    /// `rate` per hour in one decimal ("4.2"), or nil when the session has less than
    /// ``ratePlayingMinimum`` seconds of `playing`.
    public static func perHour(_ rate: Double, playing: Double) -> String? {
        playing >= ratePlayingMinimum ? decimal(rate) : nil
    }

    /// One decimal, "2.5"; whole numbers without one ("3").
    public static func decimal(_ value: Double) -> String {
        let tenths = Int(saturating: (value * 10).rounded())
        return tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(abs(tenths % 10))"
    }

    /// 12,345.
    public static func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return value < 0 ? "-" + out : out
    }

    /// "1 take", "3 takes", "1,234 notes": a count with its noun, singular only for one. Every
    /// rendering prints counted nouns through this or the `Double` version, so none reads "1 takes".
    public static func plural(_ count: Int, _ noun: String, _ plural: String? = nil) -> String {
        "\(Self.count(count)) " + (count == 1 ? noun : plural ?? noun + "s")
    }

    /// "1 material", "1.5 materials", "0.3 errors": a mean or rate as ``decimal(_:)`` shows it,
    /// with its noun singular only when the number shown is exactly 1.
    public static func plural(_ value: Double, _ noun: String, _ plural: String? = nil) -> String {
        let shown = decimal(value)
        return shown + " " + (shown == "1" ? noun : plural ?? noun + "s")
    }

    /// "9 clean (69%)", or "9 of 11 clean (82%)" when the notes of some takes were not judged
    /// (played once, or fewer than three takes agree), "clean: not judged" when none was.
    public static func cleanTakes(_ totals: TakeTotals) -> String {
        guard totals.judged > 0 else { return "clean: not judged" }
        let share = " (\(percent(totals.cleanRatio)))"
        return totals.judged == totals.count
            ? "\(totals.clean) clean" + share : "\(totals.clean) of \(totals.judged) clean" + share
    }

    /// Mean errors per judged take, "0.5", or "—" when no take's notes were judged: never a 0
    /// that was not measured.
    public static func errorsPerTake(_ totals: TakeTotals) -> String {
        totals.errorsPerJudgedTake.map(decimal) ?? "—"
    }

    /// "0.5 errors per take", or "errors not judged" when no take's notes were judged.
    public static func errorsPerTakePhrase(_ totals: TakeTotals) -> String {
        totals.errorsPerJudgedTake.map { plural($0, "error") + " per take" } ?? "errors not judged"
    }

    /// Takes whose notes were not judged (played once, fewer than three takes agree, too far
    /// from the reference).
    public static func notJudgedCount(_ totals: TakeTotals) -> Int {
        totals.count - (totals.errorsJudged ?? totals.judged)
    }

    /// A take's result in a few words: "✓", "3 err", "stopped", "not judged".
    public static func takeResult(_ take: PracticeReport.Take, clean: String = "✓") -> String {
        if !take.complete { return "stopped" }
        if let errors = take.errors { return errors.total == 0 ? clean : "\(errors.total) err" }
        return "not judged"
    }

    /// "C4" for MIDI key 60, "F♯5" for 78: the pitch name with sharps and the octave.
    public static func keyName(_ key: UInt8) -> String {
        let names = ["C", "C♯", "D", "D♯", "E", "F", "F♯", "G", "G♯", "A", "A♯", "B"]
        return names[Int(key) % 12] + "\(Int(key) / 12 - 1)"
    }

    /// "in template order", "1 step back", "3 steps back".
    public static func stepsBack(_ count: Int) -> String {
        count == 0 ? "in template order" : plural(count, "step") + " back"
    }

    /// What a musician calls a step kind.
    public static func kindName(_ kind: StepKind) -> String {
        switch kind {
        case .technique: "technique"
        case .repertoire: "repertoire"
        case .free: "free play"
        case .rest: "break"
        }
    }

    /// "Tue 25 Nov 2026, 18:03" from "2026-11-25T18:03:12+01:00"; the input when it is not
    /// ISO 8601. Pure: reads the digits, so no clock or time zone database is involved.
    public static func dateTime(_ iso: String) -> String {
        let digits = iso.split { !$0.isNumber }.compactMap { Int($0) }
        guard digits.count >= 5 else { return iso }
        return dateTime(year: digits[0], month: digits[1], day: digits[2], hour: digits[3], minute: digits[4]) ?? iso
    }

    /// "Tue 25 Nov 2026, 18:03" from its parts; nil for a month or day out of range.
    public static func dateTime(year: Int, month: Int, day: Int, hour: Int, minute: Int) -> String? {
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        guard (1...12).contains(month), (1...31).contains(day) else { return nil }
        let weekday = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][dayOfWeek(year, month, day)]
        let two = { (value: Int) in value < 10 ? "0\(value)" : "\(value)" }
        return "\(weekday) \(day) \(months[month - 1]) \(year), \(two(hour)):\(two(minute))"
    }

    /// 0 = Sunday (Sakamoto's method).
    static func dayOfWeek(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let offsets = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4]
        let y = month < 3 ? year - 1 : year
        return (y + y / 4 - y / 100 + y / 400 + offsets[month - 1] + day) % 7
    }

    /// Cuts to `width` characters with "…".
    public static func truncate(_ text: String, _ width: Int) -> String {
        text.count <= width ? text : String(text.prefix(max(0, width - 1))) + "…"
    }

    /// Pads on the right (or the left with `right`) to `width` characters.
    public static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, width - text.count))
        return right ? fill + text : text + fill
    }
}
