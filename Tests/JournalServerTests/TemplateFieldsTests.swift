import Mustache
import PracticeReports
import Testing

@testable import JournalServer
@testable import SessionStore

/// The view models answer Mustache's lookups themselves (no Mirror per `{{name}}`), and the
/// debug check finds a field one of them forgot.
struct TemplateFieldsTests {
    struct Forgetful: MustacheParent {
        var name: String
        var hint: String?
        var count: Int
        func child(named key: String) -> Any? { key == "name" ? name : nil }
    }

    struct Wrong: MustacheParent {
        var first: String
        var second: String
        func child(named key: String) -> Any? { key == "first" ? second : key == "second" ? first : nil }
    }

    struct Plain {
        var name: String
    }

    @Test func aForgottenOrWrongFieldIsNamed() {
        let forgetful = TemplateFields.mismatches(in: Forgetful(name: "a", hint: "b", count: 3))
        #expect(forgetful == ["page.hint: not answered by child(named:)", "page.count: not answered by child(named:)"])
        // A field that holds nothing need not be answered.
        #expect(TemplateFields.mismatches(in: [Forgetful(name: "a", hint: nil, count: 0)]).count == 1)
        #expect(TemplateFields.mismatches(in: Wrong(first: "x", second: "y")).count == 2)
        #expect(
            TemplateFields.mismatches(in: [Plain(name: "p")]) == [
                "page[0]: Plain is read through Mirror (make it a MustacheParent)"
            ]
        )
    }

    @Test func everyPageModelAnswersAsMirrorWould() throws {
        let session = SessionInfo(
            id: 7,
            startNs: 1_764_090_180_000_000_000,
            timeZone: "UTC",
            utcOffset: 0,
            durationNs: 273_000_000_000,
            activeNs: 190_000_000_000,
            state: .closed,
            sourceKind: .import,
            source: "file.mid",
            title: nil,
            eventCount: 2_468,
            noteCount: 1_234,
            overrunCount: 0,
            lastEventNs: 273_000_000_000,
            tags: ["lesson"]
        )
        let pagination = Pagination(page: 2, total: 120, path: "/sessions", query: "q=x")
        let headings = SortHeading.headings(
            SessionsPage.columns,
            sort: "date",
            descending: true,
            path: "/sessions",
            keep: ["q": "x"]
        )
        let page = SessionsPage(
            query: "x\"\u{338} onfocus=alert(1) autofocus",
            tag: "",
            from: "",
            to: "",
            rows: [session],
            headings: headings,
            pagination: pagination
        )
        #expect(TemplateFields.mismatches(in: page).isEmpty)
        let rendered = try #require(Pages.fill("sessions", with: page))
        #expect(rendered.contains("<a href=\"/sessions/7\">\(localStart(session))</a>"))
        #expect(rendered.contains("51–100 of 120"))
        // A quote with a combining mark is one Character, still a quote to the browser.
        #expect(rendered.contains("value=\"x&quot;\u{338} onfocus=alert(1) autofocus\""))
        #expect(rendered.contains("href=\"/sessions?q=x&amp;page=1\""))
        let error = Pages.ErrorPage(
            status: "409 Conflict",
            message: "taken",
            hint: nil,
            form: .init(action: "/a", label: "Merge", hidden: [.init(name: "other", value: "2")])
        )
        #expect(TemplateFields.mismatches(in: error).isEmpty)
    }

    @Test func escapingReplacesTheFiveCharactersByteByByte() {
        #expect(JournalHTML.escape("plain Für Élise ♩") == "plain Für Élise ♩")
        #expect(JournalHTML.escape(#"<a href="x">'&'</a>"#) == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
        #expect(JournalHTML.escape("\"\u{338} onmouseover=alert(1)") == "&quot;\u{338} onmouseover=alert(1)")
        #expect(JournalHTML.escape("") == "")
    }

    /// What sessions.mustache had for a row before ``SessionRow/listRow`` wrote it in Swift.
    static let rowTemplate =
        "{{% CONTENT_TYPE: JOURNAL_HTML}}{{#rows}}<tr><td>{{id}}</td><td><a href=\"/sessions/{{id}}\">{{when}}</a>"
        + "{{#recording}} <span class=\"live\">recording</span>{{/recording}}</td><td>{{length}}</td>"
        + "<td>{{playing}}</td><td>{{notes}}</td><td>{{#title}}{{title}} · {{/title}}{{source}}</td>"
        + "<td class=\"muted\">{{tags}}</td><td>{{^recording}}<a class=\"danger\" href=\"/sessions/{{id}}/delete\" "
        + "aria-label=\"delete session {{id}}\">Delete…</a>{{/recording}}</td></tr>\n{{/rows}}"

    @Test func aSessionsRowIsWhatTheTemplateMade() throws {
        _ = Pages.library  // registers the content type
        let template = try MustacheTemplate(string: Self.rowTemplate)
        for (title, recording) in [(nil, false), ("<b>\"Études\"</b> & 'more'", true), ("", false)] {
            let row = SessionRow(
                SessionInfo(
                    id: 12,
                    startNs: 1_764_090_180_000_000_000,
                    timeZone: "Europe/Berlin",
                    utcOffset: 3_600,
                    durationNs: 3_723_000_000_000,
                    activeNs: 1_000_000_000,
                    state: recording ? .open : .closed,
                    sourceKind: .import,
                    source: "<img src=x onerror=alert(1)>.mid",
                    title: title,
                    eventCount: 10,
                    noteCount: 12_345,
                    overrunCount: 0,
                    lastEventNs: 0,
                    tags: ["a&b", "\"quoted\""]
                )
            )
            #expect(row.listRow == template.render(["rows": [row]]))
        }
    }
}
