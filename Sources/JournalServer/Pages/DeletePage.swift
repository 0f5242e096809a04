import Mustache
import PracticeReports
import SessionStore

/// The page that asks before a session is deleted: what would go (when, how long, how many
/// notes, its pieces and tags) and the one button that deletes it, a POST.
struct DeletePage {
    struct Piece {
        var id: Int64
        var name: String
    }

    var id: Int64
    var when: String
    var length: String
    var playing: String
    var notes: String
    var title: String?
    var source: String
    var tags: String
    var pieces: [Piece]

    /// - Throws: ``LibraryError/noSuchSession(_:)``; ``LibraryError/sessionIsRecording(_:)``
    ///   for a session a live recorder is writing.
    static func load(_ id: Int64, library: Library, recording: Bool) throws -> DeletePage {
        let session = try library.session(id)
        if recording { throw LibraryError.sessionIsRecording(id) }
        let names = try library.pieceNames()
        let pieces = try library.materialIDs(session: id).compactMap { names[$0] }
        let unique = Dictionary(pieces.map { ($0.piece, $0.name) }, uniquingKeysWith: { first, _ in first })
        return DeletePage(
            id: id,
            when: ReportFormat.dateTime(session.startISO8601),
            length: ReportFormat.clock(nanoseconds: session.durationNs),
            playing: ReportFormat.clock(nanoseconds: session.activeNs),
            notes: ReportFormat.plural(session.noteCount, "note"),
            title: session.title,
            source: session.source,
            tags: session.tags.joined(separator: ", "),
            pieces: unique.sorted { $0.key < $1.key }.map { Piece(id: $0.key, name: $0.value) }
        )
    }
}

extension DeletePage.Piece: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "id": id
        case "name": name
        default: nil
        }
    }
}

extension DeletePage: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "id": id
        case "when": when
        case "length": length
        case "playing": playing
        case "notes": notes
        case "title": title
        case "source": source
        case "tags": tags
        case "pieces": pieces
        default: nil
        }
    }
}
