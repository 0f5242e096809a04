public import Foundation

/// When an imported session started, and how that was decided — every import says which.
public struct ImportDate: Sendable, Equatable {
    /// How the start was found, most trusted first.
    public enum Source: String, Sendable, Equatable {
        /// `--start` for the one file imported.
        case given = "the start given"
        /// The file's line in a `--dates` list.
        case list = "the dates list"
        /// A date and time in the file's name ("2024-10-14 19.05.mid").
        case fileName = "the file name"
        /// A date in the file's name, the time of day from the file's modification time.
        case fileNameDay = "the day in the file name and the file's modification time"
        /// A date in the file's name and no time of day: noon.
        case fileNameNoon = "the day in the file name; no time in it, so noon"
        /// The file's modification time minus its length (a recorder writes when it stops).
        case modified = "the file's modification time"
    }

    public var start: Date
    /// The zone the start was given in (an offset like +01:00), else the system's; the session
    /// keeps it and is shown in its local time.
    public var timeZone: TimeZone
    public var source: Source

    public init(start: Date, timeZone: TimeZone, source: Source) {
        self.start = start
        self.timeZone = timeZone
        self.source = source
    }
}

/// Dating imported MIDI files: a start given for one file, a list of starts, the date recorders
/// and phones write into file names, or the file's modification time.
public enum ImportDating {
    /// A start time "2026-11-24T18:00:00+01:00", "2026-11-24 18:00" or "2026-11-24T18:00Z": the
    /// instant and its zone (the offset written, else `localZone`). Nil when it is not one.
    public static func parseStart(_ text: String, localZone: TimeZone = .current) -> (Date, TimeZone)? {
        let pattern = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/
        guard let match = text.trimmingCharacters(in: .whitespaces).wholeMatch(of: pattern) else { return nil }
        var zone = localZone
        if let offset = match.7 {
            guard let parsed = Self.offset(String(offset)), let fixed = TimeZone(secondsFromGMT: parsed) else {
                return nil
            }
            zone = fixed
        }
        let date = Self.date(
            year: Int(match.1)!,
            month: Int(match.2)!,
            day: Int(match.3)!,
            hour: Int(match.4)!,
            minute: Int(match.5)!,
            second: match.6.flatMap { Int($0) } ?? 0,
            in: zone
        )
        return date.map { ($0, zone) }
    }

    /// The date (and time, when there is one) a file's name carries: "2024-10-14_lesson.mid",
    /// "20241014-193005.mid", "Rehearsal 2024-10-14 19.05.mid", "2024-10-14T19-05-12.mid".
    /// Dates must be real days from 1980 to 2100, times real times of day; seconds count only
    /// after the separator between hours and minutes ("19-05-12", "193012"), so the take number
    /// of "2020-10-01_00-00_02_rach3.mid" is no second.
    public static func dateInName(_ name: String) -> (year: Int, month: Int, day: Int, time: (Int, Int, Int)?)? {
        let stem = (name as NSString).lastPathComponent
        let pattern =
            /(?:^|[^0-9])(\d{4})([-_.]?)(\d{2})\2(\d{2})(?:[ _T.-]{0,3}(\d{2})([.:h_-]?)(\d{2})(?:\6(\d{2}))?)?(?![0-9])/
        for match in stem.matches(of: pattern) {
            let (year, month, day) = (Int(match.1)!, Int(match.3)!, Int(match.4)!)
            guard (1980...2100).contains(year), (1...12).contains(month), (1...daysIn(month, year)).contains(day) else {
                continue
            }
            var time: (Int, Int, Int)?
            if let hour = match.5.flatMap({ Int($0) }), let minute = match.7.flatMap({ Int($0) }), hour < 24,
                minute < 60
            {
                let second = match.8.flatMap { Int($0) } ?? 0
                time = (hour, minute, second < 60 ? second : 0)
            }
            return (year, month, day, time)
        }
        return nil
    }

    /// The start of a file's session: from its name when it carries a date, else its
    /// modification time minus `duration` (nanoseconds). Names are read in `zone`.
    public static func start(
        forFile path: String,
        duration: Int64,
        modified: Date?,
        zone: TimeZone = .current
    ) -> ImportDate {
        let modifiedStart = (modified ?? Date()).addingTimeInterval(-Double(duration) / 1e9)
        guard let named = dateInName(path) else {
            return ImportDate(start: modifiedStart, timeZone: zone, source: .modified)
        }
        if let (hour, minute, second) = named.time,
            let date = date(
                year: named.year,
                month: named.month,
                day: named.day,
                hour: hour,
                minute: minute,
                second: second,
                in: zone
            )
        {
            return ImportDate(start: date, timeZone: zone, source: .fileName)
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day], from: modifiedStart)
        if parts.year == named.year && parts.month == named.month && parts.day == named.day {
            return ImportDate(start: modifiedStart, timeZone: zone, source: .fileNameDay)
        }
        let noon = date(year: named.year, month: named.month, day: named.day, hour: 12, minute: 0, second: 0, in: zone)
        return ImportDate(start: noon ?? modifiedStart, timeZone: zone, source: .fileNameNoon)
    }

    /// Reads a `--dates` list: one `file,start` a line (the file as given or its name alone, the
    /// start as ``parseStart(_:localZone:)`` reads it); blank lines, `#` comments and a header
    /// line `file,start` are skipped.
    /// - Throws: ``UserError`` naming the list, the line and what was expected.
    public static func readList(_ path: String, localZone: TimeZone = .current) throws -> [String: (Date, TimeZone)] {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw UserError("cannot read the dates list \(path)", hint: "give a CSV file of lines: file,start")
        }
        var dates: [String: (Date, TimeZone)] = [:]
        for (index, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            guard let comma = trimmed.lastIndex(of: ",") else {
                throw UserError(
                    "\(path) line \(index + 1): no comma",
                    hint: "write file,start — e.g. a.mid,2024-10-14 19:05"
                )
            }
            let file = trimmed[..<comma].trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: "\"")))
            let start = trimmed[trimmed.index(after: comma)...].trimmingCharacters(in: .whitespaces)
            if index == 0 && file.lowercased() == "file" { continue }
            guard let parsed = parseStart(start, localZone: localZone) else {
                throw UserError(
                    "\(path) line \(index + 1): '\(start)' is not a start time",
                    hint: "write it like 2024-10-14 19:05 or 2024-10-14T19:05:00+01:00"
                )
            }
            dates[file] = parsed
        }
        return dates
    }

    /// The entry of `list` for a file: by the path as given, else by its name alone.
    public static func entry(for path: String, in list: [String: (Date, TimeZone)]) -> (Date, TimeZone)? {
        list[path] ?? list[(path as NSString).lastPathComponent]
    }

    /// "+01:00", "-0530", "+01", "Z" → seconds east of UTC.
    static func offset(_ text: String) -> Int? {
        if text == "Z" { return 0 }
        let sign = text.hasPrefix("-") ? -1 : 1
        let digits = text.dropFirst().filter(\.isNumber)
        guard digits.count == 2 || digits.count == 4, let hours = Int(digits.prefix(2)) else { return nil }
        let minutes = digits.count == 4 ? Int(digits.suffix(2)) ?? 0 : 0
        guard hours <= 14, minutes < 60 else { return nil }
        return sign * (hours * 3600 + minutes * 60)
    }

    static func date(
        year: Int,
        month: Int,
        day: Int,
        hour: Int,
        minute: Int,
        second: Int,
        in zone: TimeZone
    )
        -> Date?
    {
        guard (1...12).contains(month), (1...daysIn(month, year)).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.date(
            from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        )
    }

    static func daysIn(_ month: Int, _ year: Int) -> Int {
        switch month {
        case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
