import Foundation
import MIDICore
import Mustache
import PracticeAnalyzer
import PracticeLibrary
import PracticeReports
import SessionStore

/// Two takes of a session side by side (`/sessions/ID/compare?take=A&take=B`): their piano rolls
/// stacked on one time base (each take's time from its own first note) and one key range, the
/// errors the analysis placed (wrong, missing, extra — with a score, where they were), and the
/// speed of each over time. Everything is drawn from ``SessionExcerpt`` and the stored report.
struct ComparePage {
    struct Side {
        var number: Int
        /// "a" or "b" (colours).
        var side: String
        var title: String
        var details: String
        var result: String
        var status: String
        /// "M x y h w" per note, while its key was held.
        var notes: String
        /// The same for the sound the pedal kept after each key's release.
        var tails: String
        var marks: [Mark]
        var errorNote: String?
        /// Polyline points of the speed curve.
        var curve: String
        var noteCount: Int
        /// Seconds from the session start to the take's first note (where its roll begins).
        var origin: String
    }

    struct Mark {
        var kind: String
        var x: String
        var y: String
        var title: String
    }

    struct Tick {
        var x: String
        var left: String
        var label: String
    }

    struct Octave {
        var y: String
        var top: String
        var label: String
    }

    var id: Int64
    var title: String
    var when: String
    var sides: [Side]
    /// Key rows drawn (the SVG's height in units).
    var rows: String
    var octaves: [Octave]
    var ticks: [Tick]
    var speedTicks: [Tick]
    var speedMax: String
    var length: String
    /// The time base in seconds (for the script: a click on a roll plays from there).
    var seconds: String

    static func load(session id: Int64, takes: (Int, Int), library: Library) throws -> ComparePage {
        let session = try library.session(id)
        let (report, _) = try ReportCache.report(sessionID: id, in: library)
        let numbered = SessionExcerpt.numberedTakes(report)
        let excerpts = try [takes.0, takes.1].map { try SessionExcerpt.load(.take($0), sessionID: id, in: library) }
        let origins = excerpts.map { $0.notes.first?.onset ?? $0.start }
        // One time base: each take from its own first note, as long as the longer one.
        let length = max(
            1,
            zip(excerpts, origins).map { Double(($0.notes.map(\.end).max() ?? $1) - $1) / 1e9 }.max() ?? 1
        )
        let keys = excerpts.flatMap { $0.notes.map(\.key) }
        let low = max(0, Int(keys.min() ?? 60) - 2)
        var high = min(127, Int(keys.max() ?? 60) + 2)
        if high - low < 24 { high = min(127, low + 24) }
        let x = { (seconds: Double) in svgNumber(seconds / length * 1000) }
        let y = { (key: UInt8) in Double(high - Int(key)) + 0.5 }
        let curves = zip(excerpts, origins).map { Self.speed($0.notes, origin: $1) }
        let top = Self.roundUp(max(1, curves.flatMap { $0.map(\.rate) }.max() ?? 1) * 1.1)
        var sides: [Side] = []
        for (index, (excerpt, origin)) in zip(excerpts, origins).enumerated() {
            let number = index == 0 ? takes.0 : takes.1
            let take = numbered[number - 1]
            // The key held, strong; what the pedal sustained after it, faint.
            let notes = excerpt.notes.map { (note: Note) -> String in
                let start = Double(note.onset - origin) / 1e9
                let width = max(0.6, Double(note.release - note.onset) / 1e9 / length * 1000)
                return "M\(x(start)) \(svgNumber(y(note.key)))h\(svgNumber(width))"
            }.joined()
            let tails = excerpt.notes.filter { $0.end > $0.release }.map { (note: Note) -> String in
                let start = Double(note.release - origin) / 1e9
                return
                    "M\(x(start)) \(svgNumber(y(note.key)))h\(svgNumber(Double(note.end - note.release) / 1e9 / length * 1000))"
            }.joined()
            let originSeconds = Double(origin) / 1e9
            // Against a score: the printed bar and beat; against the passage's best rendition:
            // the time in the session.
            let placed = (take.take.errorPlaces ?? []).map { place in
                Mark(
                    kind: place.kind.rawValue,
                    x: x(place.time - originSeconds),
                    y: svgNumber(y(place.key) - 1.5),
                    title: "\(place.kind.rawValue) \(ReportFormat.keyName(place.key)), bar \(place.bar) beat "
                        + ReportFormat.decimal(place.beat)
                )
            }
            let timed = (take.take.errorMarks ?? []).map { mark in
                Mark(
                    kind: mark.kind.rawValue,
                    x: x(mark.time - originSeconds),
                    y: svgNumber(y(mark.key) - 1.5),
                    title:
                        "\(mark.kind.rawValue) \(ReportFormat.keyName(mark.key)) at \(ReportFormat.clock(mark.time)) of the session"
                )
            }
            let marks = placed + timed
            let result = ListenPanel.result(take.take)
            var details = [
                "at \(ReportFormat.clock(take.take.start)) of the session",
                ReportFormat.clock(Double(excerpt.notes.map(\.end).max().map { $0 - origin } ?? 0) / 1e9) + " long",
                ReportFormat.plural(excerpt.notes.count, "note"),
            ]
            if let tempo = take.take.tempo {
                details.append("\(ReportFormat.percent(tempo)) of the passage's best clean tempo")
            }
            let judged = take.take.errors.map { $0.total > 0 } ?? false
            sides.append(
                Side(
                    number: number,
                    side: index == 0 ? "a" : "b",
                    title: "Take \(number) — \(take.materialName)",
                    details: details.joined(separator: " · "),
                    result: result,
                    status: ListenPanel.status(take.take),
                    notes: notes,
                    tails: tails,
                    marks: marks,
                    errorNote: judged && marks.isEmpty
                        ? "where the errors were is not in this analysis: analyse the session again to see them" : nil,
                    curve: curves[index].map { (point: SpeedPoint) -> String in
                        "\(x(point.time)),\(svgNumber(100 - point.rate / top * 100))"
                    }
                    .joined(separator: " "),
                    noteCount: excerpt.notes.count,
                    origin: "\(originSeconds)"
                )
            )
        }
        let rows = Double(high - low + 1)
        return ComparePage(
            id: id,
            title: "Take \(takes.0) and take \(takes.1)",
            when: ReportFormat.dateTime(session.startISO8601),
            sides: sides,
            rows: svgNumber(rows),
            octaves: stride(from: (low + 11) / 12 * 12, through: high, by: 12).map { key in
                let y = Double(high - key) + 1
                return Octave(y: svgNumber(y), top: svgNumber(y / rows * 100) + "%", label: "C\(key / 12 - 1)")
            },
            ticks: Self.ticks(length: length),
            speedTicks: [top / 2, top].map {
                Tick(x: "0", left: svgNumber(100 - $0 / top * 100), label: ReportFormat.decimal($0))
            },
            speedMax: ReportFormat.decimal(top),
            length: ReportFormat.clock(length),
            seconds: "\(length)"
        )
    }

    /// A point of a take's speed curve: chords per second around `time` (seconds from the take's
    /// first note).
    struct SpeedPoint {
        var time: Double
        var rate: Double
    }

    /// The playing speed over a take: onsets within 40 ms are one chord; at each chord, the
    /// chords per second over the intervals around it (the median of up to 7, so one held note
    /// or one rushed run moves it little). Proportional to the tempo while one passage is
    /// played; it is how fast the take moved, not a tempo read from a score. O(n log n).
    static func speed(_ notes: [Note], origin: Int64) -> [SpeedPoint] {
        var chords: [Double] = []
        for note in notes {
            let time = Double(note.onset - origin) / 1e9
            if let last = chords.last, time - last < 0.04 { continue }
            chords.append(time)
        }
        guard chords.count >= 3 else { return [] }
        let intervals = zip(chords.dropFirst(), chords).map { $0 - $1 }
        return chords.indices.dropLast().map { index in
            let window = intervals[max(0, index - 3)...min(intervals.count - 1, index + 3)].sorted()
            let median = window[window.count / 2]
            return SpeedPoint(time: chords[index], rate: median > 0 ? 1 / median : 0)
        }
    }

    /// Ticks every 1, 2, 5, 10, 15, 30 or 60 s: at most 8 over `length`.
    static func ticks(length: Double) -> [Tick] {
        let step = [1.0, 2, 5, 10, 15, 30, 60, 120, 300].first { length / $0 <= 8 } ?? 600
        return stride(from: 0.0, through: length, by: step).map {
            Tick(
                x: svgNumber($0 / length * 1000),
                left: svgNumber($0 / length * 100) + "%",
                label: ReportFormat.clock($0)
            )
        }
    }

    /// 1, 2, 2.5 or 5 times a power of ten, at least `value`.
    static func roundUp(_ value: Double) -> Double {
        let power = pow(10, floor(log10(value)))
        return ([1, 2, 2.5, 5, 10].map { $0 * power }.first { $0 >= value }) ?? value
    }
}

/// A number for SVG: at most two decimals, no trailing zeros.
func svgNumber(_ value: Double) -> String {
    let rounded = (value * 100).rounded() / 100
    return rounded == rounded.rounded() ? "\(Int(rounded))" : "\(rounded)"
}

extension ComparePage.Side: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "number": number
        case "side": side
        case "title": title
        case "details": details
        case "result": result
        case "status": status
        case "notes": notes
        case "tails": tails
        case "marks": marks
        case "errorNote": errorNote
        case "curve": curve
        case "noteCount": noteCount
        case "origin": origin
        default: nil
        }
    }
}

extension ComparePage.Mark: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "kind": kind
        case "x": x
        case "y": y
        case "title": title
        default: nil
        }
    }
}

extension ComparePage.Tick: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "x": x
        case "left": left
        case "label": label
        default: nil
        }
    }
}

extension ComparePage.Octave: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "y": y
        case "top": top
        case "label": label
        default: nil
        }
    }
}

extension ComparePage: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "id": id
        case "title": title
        case "when": when
        case "sides": sides
        case "rows": rows
        case "octaves": octaves
        case "ticks": ticks
        case "speedTicks": speedTicks
        case "speedMax": speedMax
        case "length": length
        case "seconds": seconds
        default: nil
        }
    }
}
