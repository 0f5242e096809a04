import HTTPTypes
import Hummingbird
import MIDICore
import Mustache
import PracticeReports

/// The journal's embedded Mustache templates (Templates/, compiled in by EmbedTemplates) and
/// the responses built from them. Every `{{value}}` is HTML-escaped (``JournalHTML``); the only
/// unescaped `{{{…}}}` output is markup this module or PracticeReports made.
enum Pages {
    static let library: MustacheLibrary = {
        var library = MustacheLibrary()
        MustacheContentTypes.register(JournalHTML(), named: JournalHTML.name)
        for (name, text) in EmbeddedTemplates.files {
            // A template that does not parse is a build defect; the tests fetch every page.
            let escaped = "{{% CONTENT_TYPE: \(JournalHTML.name)}}" + text
            if let template = try? MustacheTemplate(string: escaped) { library.register(template, named: name) }
        }
        return library
    }()

    /// `template` rendered with `value`, nil when there is no such template. Every view model
    /// answers Mustache's lookups itself (``MustacheParent``, a `switch` over its field names):
    /// the engine's fallback reads a field through `Mirror`, materialising every stored
    /// property for each `{{name}}`, which made a Sessions page of 50 rows cost ~20 ms of CPU.
    /// Debug builds (the tests) check each value against `Mirror` first (``TemplateFields``).
    static func fill(_ template: String, with value: Any) -> String? {
        #if DEBUG
        let wrong = TemplateFields.mismatches(in: value)
        assert(wrong.isEmpty, "template \(template): " + wrong.joined(separator: "; "))
        #endif
        return library.render(value, withTemplate: template)
    }

    /// The stylesheet, served at /journal.css.
    static var css: String { EmbeddedTemplates.files.first { $0.name == "journal-css" }?.text ?? "" }

    /// `template` rendered with `page` inside the common layout (title, navigation).
    static func render(_ template: String, title: String, section: String, _ page: Any) -> String {
        let body = fill(template, with: page) ?? "<p>template \(template) missing</p>"
        let layout = Layout(
            title: title,
            body: body,
            home: section == "home",
            pieces: section == "pieces",
            sessions: section == "sessions"
        )
        return fill("layout", with: layout) ?? body
    }

    /// The common layout around every page's body.
    struct Layout {
        var title: String
        var body: String
        var home: Bool
        var pieces: Bool
        var sessions: Bool
    }

    /// An HTML page response.
    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        // Nothing is loaded from elsewhere; inline styles and the report's inline SVG only.
        headers[.contentSecurityPolicy] =
            "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            + "script-src 'self'; form-action 'self'; frame-ancestors 'none'"
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// 303 See Other to `location` (after an edit).
    static func redirect(_ location: String) -> Response {
        var headers = HTTPFields()
        headers[.location] = location
        return Response(status: .seeOther, headers: headers)
    }

    struct ErrorPage {
        var status: String
        var message: String
        var hint: String?
        var form: ErrorForm?
    }

    /// A follow-up action offered on an error page (a merge after a refused rename).
    struct ErrorForm {
        var action: String
        var label: String
        var hidden: [Field]
        struct Field {
            var name: String
            var value: String
        }
    }

    /// An error page: the message, the hint, and a way back.
    static func errorResponse(
        status: HTTPResponse.Status,
        message: String,
        hint: String? = nil,
        form: ErrorForm? = nil
    ) -> Response {
        let page = ErrorPage(status: "\(status.code) \(status.reasonPhrase)", message: message, hint: hint, form: form)
        return html(render("error", title: "Woodshed — \(status.reasonPhrase)", section: "", page), status: status)
    }

    /// The page for an error a handler threw: a user-facing one says what and what to do
    /// (404 for an id that does not exist), anything else is a 500 with its description.
    static func errorResponse(for error: any Error) -> Response {
        if let error = error as? any UserFacingError {
            let missing = error.message.hasPrefix("there is no") || error.message.contains("no such")
            return errorResponse(status: missing ? .notFound : .badRequest, message: error.message, hint: error.hint)
        }
        return errorResponse(status: .internalServerError, message: "\(error)")
    }
}

extension Pages.Layout: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "title": title
        case "body": body
        case "home": home
        case "pieces": pieces
        case "sessions": sessions
        default: nil
        }
    }
}

extension Pages.ErrorPage: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "status": status
        case "message": message
        case "hint": hint
        case "form": form
        default: nil
        }
    }
}

extension Pages.ErrorForm.Field: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "name": name
        case "value": value
        default: nil
        }
    }
}

extension Pages.ErrorForm: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "action": action
        case "label": label
        case "hidden": hidden
        default: nil
        }
    }
}
