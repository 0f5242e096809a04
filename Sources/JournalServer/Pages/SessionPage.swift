import Mustache
import PracticeLibrary
import PracticeReports
import SessionStore

/// A session's page: its HTML report exactly as `woodshed report ID --format html` writes it,
/// from the report cache (a session not yet analysed by this version is analysed and stored
/// once, as the CLI does), with the journal's bar on top: the way back, and the session's tags
/// with forms to add and remove them; then the panel to listen to takes and passages and to
/// pick two takes to compare (``ListenPanel``, played by /journal.js).
enum SessionPage {
    struct Bar {
        struct Tag {
            var name: String
            var automatic: Bool
        }

        var id: Int64
        var when: String
        var tags: [Tag]
    }

    static func html(_ id: Int64, library: Library) throws -> String {
        let session = try library.session(id)
        let (report, notes) = try ReportCache.report(sessionID: id, in: library)
        let page = report.html(notes: try notes ?? SessionAnalysis.notes(sessionID: id, in: library))
        let bar = Bar(
            id: id,
            when: ReportFormat.dateTime(session.startISO8601),
            tags: try library.tags(session: id).map { Bar.Tag(name: $0.name, automatic: $0.origin == .auto) }
        )
        let rendered = Pages.fill("session-bar", with: bar) ?? ""
        let listen = Pages.fill("listen", with: ListenPanel(id: id, report: report)) ?? ""
        return insert(listen, afterHeaderOf: insert(rendered, afterBodyOf: page))
    }

    /// `fragment` right after the report's `</header>` (its title), else at the end.
    static func insert(_ fragment: String, afterHeaderOf page: String) -> String {
        guard let header = page.range(of: "</header>") else {
            return page.replacingOccurrences(of: "</body>", with: fragment + "</body>")
        }
        var result = page
        result.insert(contentsOf: fragment, at: header.upperBound)
        return result
    }

    /// `fragment` right after `<body…>` in `page`, or before it all when there is none.
    static func insert(_ fragment: String, afterBodyOf page: String) -> String {
        guard let body = page.range(of: "<body"), let close = page[body.upperBound...].firstIndex(of: ">") else {
            return fragment + page
        }
        var result = page
        result.insert(contentsOf: fragment, at: page.index(after: close))
        return result
    }
}

extension SessionPage.Bar.Tag: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "name": name
        case "automatic": automatic
        default: nil
        }
    }
}

extension SessionPage.Bar: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "id": id
        case "when": when
        case "tags": tags
        default: nil
        }
    }
}
