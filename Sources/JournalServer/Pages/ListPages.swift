import Foundation
import Mustache
import PracticeAnalyzer
import PracticeLibrary
import PracticeReports
import SessionStore

/// A page of a longer list: which rows, and links to the pages around it. The rows themselves
/// are fetched by the database a page at a time (``offset``, ``pageSize``).
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

    /// The first row of page `page` (clamped to the last page once `total` is known).
    static func offset(page: Int) -> Int { (max(1, min(page, 1_000_000)) - 1) * pageSize }

    var offset: Int { (page - 1) * Self.pageSize }
}

/// A column heading that sorts its list: a link to the list sorted by it, the other way round
/// when it already is.
struct SortHeading {
    var label: String
    var link: String
    /// "ascending"/"descending" on the column the list is sorted by (aria-sort), nil elsewhere.
    var current: String?
    var arrow: String

    static func headings(
        _ columns: [(key: String, label: String)],
        sort: String,
        descending: Bool,
        path: String,
        keep: KeyValuePairs<String, String>
    ) -> [SortHeading] {
        let kept = encodeQuery(keep)
        return columns.map { column in
            let isCurrent = column.key == sort
            let order = isCurrent && descending ? "asc" : "desc"
            let query = [kept, "sort=\(column.key)&order=\(order)"].filter { !$0.isEmpty }.joined(separator: "&")
            return SortHeading(
                label: column.label,
                link: "\(path)?\(query)",
                current: isCurrent ? (descending ? "descending" : "ascending") : nil,
                arrow: isCurrent ? (descending ? " ↓" : " ↑") : ""
            )
        }
    }
}

/// The pieces, searchable by name, sorted by name, sessions, last practised or id; paged by the database.
struct PiecesPage {
    struct Row {
        var id: Int64
        var name: String
        var sessions: Int
        var last: String
        var reference: Bool
    }

    var query: String
    var rows: [Row]
    var headings: [SortHeading]
    var pagination: Pagination

    static let columns: [(key: String, label: String)] = [
        ("id", "Id"), ("name", "Name"), ("sessions", "Sessions"), ("last", "Last practised"),
    ]

    static func load(library: Library, query: String, sort: String, order: String, page: Int) throws -> PiecesPage {
        let sortKey = PieceListing.Sort(rawValue: sort) ?? .sessions
        let descending = order.isEmpty ? sortKey != .name : order != "asc"
        let offset = Pagination.offset(page: page)
        let first = try library.pieces(
            words: query,
            sort: sortKey,
            descending: descending,
            limit: Pagination.pageSize,
            offset: offset
        )
        var rows = first.page
        let keep: KeyValuePairs<String, String> = [
            "q": query, "sort": sort.isEmpty ? "" : sortKey.rawValue, "order": order.isEmpty ? "" : order,
        ]
        let pagination = Pagination(page: page, total: first.total, path: "/pieces", query: encodeQuery(keep))
        if pagination.offset != offset {
            // Past the last page: show the last one.
            rows = try library.pieces(
                words: query,
                sort: sortKey,
                descending: descending,
                limit: Pagination.pageSize,
                offset: pagination.offset
            ).page
        }
        return PiecesPage(
            query: query,
            rows: rows.map {
                Row(
                    id: $0.id,
                    name: $0.name,
                    sessions: $0.sessionCount,
                    last: $0.lastLocalSecond.map { localDay($0).description } ?? "never",
                    reference: $0.isReference
                )
            },
            headings: SortHeading.headings(
                columns,
                sort: sortKey.rawValue,
                descending: descending,
                path: "/pieces",
                keep: ["q": query]
            ),
            pagination: pagination
        )
    }
}

/// The sessions, newest first or sorted by a column, searchable by words (piece names, title,
/// source, tags), one tag exactly, and a range of dates; filtered and paged by the database.
struct SessionsPage {
    var query: String
    var tag: String
    var from: String
    var to: String
    var rows: [SessionRow]
    /// The table's rows as HTML (``SessionRow/listRow``), made once here: the list's cost.
    var rowsHTML: String
    var hasRows: Bool
    var headings: [SortHeading]
    var pagination: Pagination

    static let columns: [(key: String, label: String)] = [
        ("date", "When"), ("length", "Length"), ("playing", "Playing"), ("notes", "Notes"),
    ]

    init(
        query: String,
        tag: String,
        from: String,
        to: String,
        rows: [SessionInfo],
        headings: [SortHeading],
        pagination: Pagination
    ) {
        self.query = query
        self.tag = tag
        self.from = from
        self.to = to
        self.rows = rows.map(SessionRow.init)
        rowsHTML = self.rows.map(\.listRow).joined()
        hasRows = !rows.isEmpty
        self.headings = headings
        self.pagination = pagination
    }

    /// - Throws: ``UserError`` for a date that is not yyyy-MM-dd.
    static func load(
        library: Library,
        query: String,
        tag: String,
        from: String,
        to: String,
        sort: String,
        order: String,
        page: Int
    ) throws -> SessionsPage {
        let fromDay = try date(from, "from")
        let toDay = try date(to, "to")
        let sortKey = SessionQuery.Sort(rawValue: sort) ?? .date
        let descending = order != "asc"
        let selection = SessionQuery(
            words: query,
            tag: tag.isEmpty ? nil : tag,
            fromLocalSecond: fromDay.map { Int64($0.day) * 86_400 },
            toLocalSecond: toDay.map { Int64($0.day + 1) * 86_400 },
            sort: sortKey,
            descending: descending
        )
        let offset = Pagination.offset(page: page)
        let first = try library.sessions(selection, limit: Pagination.pageSize, offset: offset)
        var rows = first.page
        let filters: KeyValuePairs<String, String> = ["q": query, "tag": tag, "from": from, "to": to]
        let keep: KeyValuePairs<String, String> = [
            "q": query, "tag": tag, "from": from, "to": to, "sort": sort.isEmpty ? "" : sortKey.rawValue,
            "order": order.isEmpty ? "" : (descending ? "desc" : "asc"),
        ]
        let pagination = Pagination(page: page, total: first.total, path: "/sessions", query: encodeQuery(keep))
        if pagination.offset != offset {
            rows = try library.sessions(selection, limit: Pagination.pageSize, offset: pagination.offset).page
        }
        return SessionsPage(
            query: query,
            tag: tag,
            from: from,
            to: to,
            rows: rows,
            headings: SortHeading.headings(
                columns,
                sort: sortKey.rawValue,
                descending: descending,
                path: "/sessions",
                keep: filters
            ),
            pagination: pagination
        )
    }

    /// A yyyy-MM-dd query value, nil when empty.
    static func date(_ text: String, _ name: String) throws -> CivilDate? {
        guard !text.isEmpty else { return nil }
        guard text.count == 10, let date = CivilDate(text) else {
            throw UserError("'\(text)' is not a date for \(name)", hint: "write it as 2026-09-01")
        }
        return date
    }
}

/// "Tue 25 Nov 2026, 18:03": a session's local start from its stored UTC offset — what
/// `ReportFormat.dateTime(session.startISO8601)` shows, without a date formatter per row (making
/// one costs more than the rest of a list row) nor a date string to parse again.
func localStart(_ session: SessionInfo) -> String {
    let seconds = session.startNs / 1_000_000_000 + Int64(session.utcOffset)
    let day = localDay(seconds)
    let secondOfDay = Int(seconds - Int64(day.day) * 86_400)
    let (year, month, date) = day.components
    let hour = secondOfDay / 3600
    let minute = secondOfDay % 3600 / 60
    return ReportFormat.dateTime(year: year, month: month, day: date, hour: hour, minute: minute)
        ?? "\(day) \(hour):\(minute)"
}

/// The local calendar day of a local second since 1970.
func localDay(_ second: Int64) -> CivilDate {
    CivilDate(day: Int(second >= 0 ? second / 86_400 : (second - 86_399) / 86_400))
}

/// "q=x&tag=y" with each value percent-encoded; empty values left out.
func encodeQuery(_ values: KeyValuePairs<String, String>) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return values.filter { !$0.value.isEmpty }
        .map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }
        .joined(separator: "&")
}

extension Pagination: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "page": page
        case "pages": pages
        case "total": total
        case "previous": previous
        case "next": next
        case "range": range
        default: nil
        }
    }
}

extension SortHeading: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "label": label
        case "link": link
        case "current": current
        case "arrow": arrow
        default: nil
        }
    }
}

extension PiecesPage.Row: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "id": id
        case "name": name
        case "sessions": sessions
        case "last": last
        case "reference": reference
        default: nil
        }
    }
}

extension PiecesPage: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "query": query
        case "rows": rows
        case "headings": headings
        case "pagination": pagination
        default: nil
        }
    }
}

extension SessionsPage: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "query": query
        case "tag": tag
        case "from": from
        case "to": to
        case "rows": rows
        case "rowsHTML": rowsHTML
        case "hasRows": hasRows
        case "headings": headings
        case "pagination": pagination
        default: nil
        }
    }
}
