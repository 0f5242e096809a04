public import Foundation
public import MIDICore
public import SessionStore

/// Importing MIDI files as sessions, for every front end: each file dated (``ImportDating``),
/// and a file whose events the library already holds skipped unless asked again.
public enum SessionImport {
    /// How the files of one import are dated.
    public enum Dating: Sendable {
        /// From each file's name, else its modification time.
        case automatic
        /// This start for the one file imported.
        case given(Date, TimeZone)
        /// Per file from a `--dates` list (``ImportDating/readList(_:localZone:)``); files not
        /// in it are dated automatically.
        case list([String: (Date, TimeZone)])
    }

    /// What importing one file did.
    public enum Outcome: Sendable {
        case imported(id: Int64, date: ImportDate)
        /// The library has a session with the same events (``Library/contentHash(of:)``).
        case duplicate(of: Int64)
    }

    /// A file read and dated, not yet stored.
    public struct Prepared: Sendable {
        public var path: String
        public var performance: Performance
        public var date: ImportDate
        /// Note-ons in the file.
        public var noteCount: Int
        /// The session's length as the library stores it: to the end of the last sound.
        public var length: Int64
        var events: [RawEvent]
        public var contentHash: String
    }

    /// Reads and dates one file. - Throws: ``MIDIFileError`` or ``UserError`` naming the file.
    public static func prepare(_ path: String, dating: Dating, zone: TimeZone = .current) throws -> Prepared {
        let performance = try FileIO.readPerformance(path)
        let date: ImportDate
        switch dating {
        case .given(let start, let zone):
            date = ImportDate(start: start, timeZone: zone, source: .given)
        case .list(let list):
            if let (start, zone) = ImportDating.entry(for: path, in: list) {
                date = ImportDate(start: start, timeZone: zone, source: .list)
            } else {
                date = automatic(path, performance: performance, zone: zone)
            }
        case .automatic:
            date = automatic(path, performance: performance, zone: zone)
        }
        let noteCount = performance.messages.reduce(0) { $0 + (MIDIMessage.isNoteOn($1.message.bytes) ? 1 : 0) }
        // Only notes make a session (README): a file of controllers alone, or of nothing, is
        // no practice; the reader's warning says why when it has one.
        guard noteCount > 0 else {
            throw UserError(
                "\(path): no notes to import" + (performance.warnings.first.map { " (\($0))" } ?? ""),
                hint: "a session starts with a note; check that this is the recording you meant"
            )
        }
        let events = performance.messages.map(RawEvent.init)
        return Prepared(
            path: path,
            performance: performance,
            date: date,
            noteCount: noteCount,
            length: Note.lastSoundEnd(of: performance.notes),
            events: events,
            contentHash: Library.contentHash(of: events)
        )
    }

    /// Stores a prepared file as a session, unless the library holds its events already and
    /// `again` is false. O(events).
    public static func store(_ prepared: Prepared, again: Bool = false, in library: Library) throws -> Outcome {
        if !again,
            let existing = try library.session(withContentHash: prepared.contentHash, eventCount: prepared.events.count)
        {
            return .duplicate(of: existing)
        }
        let id = try library.importSession(
            NewSession(
                start: prepared.date.start,
                timeZone: prepared.date.timeZone,
                sourceKind: .import,
                source: URL(fileURLWithPath: prepared.path).lastPathComponent
            ),
            ports: prepared.performance.portNames.enumerated().map {
                PortInfo(port: UInt16($0.offset), name: $0.element, address: "file")
            },
            events: prepared.events
        )
        try library.setContentHash(prepared.contentHash, for: id)
        return .imported(id: id, date: prepared.date)
    }

    static func automatic(_ path: String, performance: Performance, zone: TimeZone) -> ImportDate {
        ImportDating.start(
            forFile: path,
            duration: performance.duration,
            modified: FileIO.modificationDate(path),
            zone: zone
        )
    }
}
