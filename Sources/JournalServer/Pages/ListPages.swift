import Foundation
import PracticeLibrary
import SessionStore

/// A page of a longer list: which rows, and links to the pages around it.
struct Pagination {
    static let pageSize = 50

    var page: Int
    var pages: Int
    var total: Int
    var previous: String?
    var next: String?
    var range: String

    /// Page `page` (from 1, clamped) of `total` rows; links keep `query` (already encoded).
    init(page: Int, total: Int, path: String, query: String) {
        pages = max(1, (total + Self.pageSize - 1) / Self.pageSize)
        self.page = min(max(1, page), pages)
        self.total = total
        let link = { (page: Int) in "\(path)?\(query.isEmpty ? "" : query + "&")page=\(page)" }
        previous = self.page > 1 ? link(self.page - 1) : nil
        next = self.page < pages ? link(self.page + 1) : nil
        let first = (self.page - 1) * Self.pageSize
        range = total == 0 ? "none" : "\(first + 1)–\(min(total, first + Self.pageSize)) of \(total)"
    }

    /// The rows of this page.
    func slice<T>(_ rows: [T]) -> ArraySlice<T> {
        let first = (page - 1) * Self.pageSize
        return rows[min(first, rows.count)..<min(first + Self.pageSize, rows.count)]
    }
}

/// Whether `text` contains every word of `query`, ignoring case and diacritics.
func matches(_ text: String, _ query: String) -> Bool {
    query.split(separator: " ").allSatisfy {
        text.range(of: $0, options: [.caseInsensitive, .diacriticInsensitive]) != nil
    }
}

/// The pieces, searchable by name, most recently created first.
struct PiecesPage {
    struct Row {
        var id: Int64
        var name: String
        var sessions: Int
        var reference: Bool
    }

    var query: String
    var rows: [Row]
    var pagination: Pagination

    static func load(library: Library, query: String, page: Int) throws -> PiecesPage {
        let all = try library.materials()
            .filter { query.isEmpty || matches($0.name, query) }
            .sorted { ($0.sessionCount, $0.id) > ($1.sessionCount, $1.id) }
        let pagination = Pagination(page: page, total: all.count, path: "/pieces", query: encodeQuery(["q": query]))
        return PiecesPage(
            query: query,
            rows: pagination.slice(all).map {
                Row(id: $0.id, name: $0.name, sessions: $0.sessionCount, reference: $0.isReference)
            },
            pagination: pagination
        )
    }
}

/// The sessions, newest first, searchable by piece name, title, source and tag, or by one tag exactly.
struct SessionsPage {
    var query: String
    var tag: String
    var rows: [SessionRow]
    var pagination: Pagination

    static func load(library: Library, query: String, tag: String, page: Int) throws -> SessionsPage {
        // A session matches by its title, source or tags, or by the name of a piece it practised.
        var byPiece: Set<Int64> = []
        if !query.isEmpty {
            for piece in try library.materials() where matches(piece.name, query) {
                byPiece.formUnion(try library.sessionIDs(material: piece.id))
            }
        }
        let all = try library.sessions(tag: tag.isEmpty ? nil : tag).filter { session in
            query.isEmpty || byPiece.contains(session.id)
                || matches(
                    [session.title ?? "", session.source, session.tags.joined(separator: " ")].joined(separator: " "),
                    query
                )
        }
        let pagination = Pagination(
            page: page,
            total: all.count,
            path: "/sessions",
            query: encodeQuery(["q": query, "tag": tag])
        )
        return SessionsPage(
            query: query,
            tag: tag,
            rows: pagination.slice(all).map(SessionRow.init),
            pagination: pagination
        )
    }
}

/// "q=x&tag=y" with each value percent-encoded; empty values left out.
func encodeQuery(_ values: KeyValuePairs<String, String>) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return values.filter { !$0.value.isEmpty }
        .map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }
        .joined(separator: "&")
}
