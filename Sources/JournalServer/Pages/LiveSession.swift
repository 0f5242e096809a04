import Foundation
import Mustache
import PracticeReports
import SessionStore

/// The session `woodshed record` is writing right now, as Home shows it: how long it has run,
/// its notes so far, and a small piano roll of its last minute. Read from the library while the
/// recorder appends to it (WAL readers see each committed batch); `/live/events` sends it again
/// every second as JSON (server-sent events) and `live.js` redraws the block.
struct LiveSession: Codable, Equatable {
    /// One note in the roll: coordinates in a 600 × 90 viewBox.
    struct Rect: Codable, Equatable {
        var x: Int
        var y: Int
        var w: Int
        var h: Int
    }

    var id: Int64
    var when: String
    var elapsed: String
    var notes: String
    var rects: [Rect]
    /// The keys the roll spans, "C3–G5".
    var range: String

    static let window: Int64 = 60_000_000_000
    static let rollWidth = 600
    static let rollHeight = 90

    /// The open session a live recorder holds, nil when nothing is being recorded (a session
    /// left open by a recorder that died is not live: its lock is free).
    static func current(in library: Library, now: Date = Date()) throws -> LiveSession? {
        guard let session = try library.openSession() else { return nil }
        if let path = library.path, !RecorderLock.isHeld(libraryPath: path) { return nil }
        let elapsed = max(session.lastEventNs, Int64(now.timeIntervalSince1970 * 1e9) - session.startNs)
        let from = max(0, elapsed - window)
        let events = try library.events(session: session.id, from: from - 30_000_000_000)
        return LiveSession(
            id: session.id,
            when: ReportFormat.dateTime(session.startISO8601),
            elapsed: ReportFormat.clock(nanoseconds: elapsed),
            notes: ReportFormat.plural(session.noteCount, "note"),
            rects: [],
            range: ""
        )
        .withRoll(events, from: from, to: from + window)
    }

    /// The roll of the notes sounding between `from` and `to` (ns of session time).
    func withRoll(_ events: [RawEvent], from: Int64, to: Int64) -> LiveSession {
        var notes: [(key: Int, start: Int64, end: Int64)] = []
        var sounding: [Int: Int64] = [:]
        for event in events {
            guard event.bytes.count >= 3 else { continue }
            let status = event.bytes[0] & 0xF0
            let key = Int(event.bytes[1] & 0x7F) + 128 * Int(event.bytes[0] & 0x0F)
            if status == 0x90 && event.bytes[2] > 0 {
                if let start = sounding[key] { notes.append((key, start, event.time)) }
                sounding[key] = event.time
            } else if status == 0x80 || status == 0x90, let start = sounding.removeValue(forKey: key) {
                notes.append((key, start, event.time))
            }
        }
        for (key, start) in sounding { notes.append((key, start, to)) }
        let shown = notes.filter { $0.end >= from && $0.start <= to }.map { (key: $0.key % 128, $0.start, $0.end) }
        var copy = self
        guard let low = shown.map(\.key).min(), let high = shown.map(\.key).max() else { return copy }
        let bottom = max(0, min(low - 2, (low + high) / 2 - 12))
        let top = min(127, max(high + 2, bottom + 24))
        let keyHeight = max(1, Self.rollHeight / (top - bottom + 1))
        let span = Double(to - from)
        copy.rects = shown.map { note in
            let x = Int(Double(max(note.1, from) - from) / span * Double(Self.rollWidth))
            let end = Int(Double(min(note.2, to) - from) / span * Double(Self.rollWidth))
            return Rect(
                x: x,
                y: (top - note.key) * Self.rollHeight / (top - bottom + 1),
                w: max(2, end - x),
                h: keyHeight
            )
        }
        copy.range = "\(Self.keyName(bottom))–\(Self.keyName(top))"
        return copy
    }

    /// "C4" for key 60.
    static func keyName(_ key: Int) -> String {
        let names = ["C", "C♯", "D", "E♭", "E", "F", "F♯", "G", "A♭", "A", "B♭", "B"]
        return "\(names[key % 12])\(key / 12 - 1)"
    }
}

extension LiveSession.Rect: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "x": x
        case "y": y
        case "w": w
        case "h": h
        default: nil
        }
    }
}

extension LiveSession: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "id": id
        case "when": when
        case "elapsed": elapsed
        case "notes": notes
        case "rects": rects
        case "range": range
        default: nil
        }
    }
}
