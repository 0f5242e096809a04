import Foundation
import Hummingbird
import PracticeAnalyzer
import PracticeLibrary
import SessionStore

/// The journal's pages and edits. Pages are GET; edits are POST forms answered with 303 to the
/// page they changed (or an error page saying why not). Handlers call PracticeLibrary and
/// PracticeReports, as the CLI does; they never parse or print like it.
struct JournalRoutes: Sendable {
    /// The one writer: edits only.
    var library: Library
    /// Read-only WAL connections (``Library/readers(path:)``): every page. A GET never writes,
    /// not even the report cache (a session not analysed yet is analysed for the page, not stored).
    var readers: Library
    /// Piece pages, kept until the library changes.
    var pieceCache = PiecePageCache()
    /// Today's local date (a parameter so tests can fix it).
    var today: @Sendable () -> CivilDate = { PracticeTrends.today() }

    func register(on router: Router<BasicRequestContext>) {
        router.get("/") { _, _ in
            page {
                Pages.render(
                    "home",
                    title: "Woodshed",
                    section: "home",
                    try HomePage.load(library: readers, today: today())
                )
            }
        }
        router.get("/journal.css") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "text/css; charset=utf-8"
            headers[.cacheControl] = "max-age=3600"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: Pages.css)))
        }
        router.get("/pieces") { request, _ in
            page {
                let query = Self.text(request, "q")
                let list = try PiecesPage.load(
                    library: readers,
                    query: query,
                    sort: Self.text(request, "sort"),
                    order: Self.text(request, "order"),
                    page: Self.number(request, "page") ?? 1
                )
                return Pages.render("pieces", title: "Pieces — Woodshed", section: "pieces", list)
            }
        }
        router.get("/pieces/:id") { request, context in
            guard let id = context.parameters.get("id", as: Int64.self) else { return Self.notFound() }
            if let now = try? readers.currentPiece(id), now != id { return Pages.redirect("/pieces/\(now)") }
            return page {
                let piece = try pieceCache.page(id, library: readers, today: today())
                return Pages.render("piece", title: "\(piece.name) — Woodshed", section: "pieces", piece)
            }
        }
        router.get("/sessions") { request, _ in
            page {
                let list = try SessionsPage.load(
                    library: readers,
                    query: Self.text(request, "q"),
                    tag: Self.text(request, "tag"),
                    from: Self.text(request, "from"),
                    to: Self.text(request, "to"),
                    sort: Self.text(request, "sort"),
                    order: Self.text(request, "order"),
                    page: Self.number(request, "page") ?? 1
                )
                return Pages.render("sessions", title: "Sessions — Woodshed", section: "sessions", list)
            }
        }
        router.get("/sessions/:id") { _, context in
            guard let id = context.parameters.get("id", as: Int64.self) else { return Self.notFound() }
            return page { try SessionPage.html(id, library: readers) }
        }
        registerEdits(on: router)
        ListenRoutes(library: readers).register(on: router)
        registerGoalsAndDelete(on: router)
        registerLive(on: router)
    }

    /// POST /pieces/:id/name, /pieces/:id/merge, /sessions/:id/tags.
    func registerEdits(on router: Router<BasicRequestContext>) {
        router.post("/pieces/:id/name") { request, context in
            guard let id = context.parameters.get("id", as: Int64.self) else { return Self.notFound() }
            let form = try await Self.form(request, context)
            let name = (form["name"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            return edit {
                guard !name.isEmpty else { throw UserError("a piece needs a name", hint: "type one and press Rename") }
                switch try PieceManagement.rename(id, to: name, allowDuplicate: form["anyway"] == "1", in: library) {
                case .renamed: return Pages.redirect("/pieces/\(id)")
                case .nameTaken(let others):
                    let other = others[0]
                    return Pages.errorResponse(
                        status: .conflict,
                        message: "piece \(other.id) is already called \"\(other.name)\"",
                        hint:
                            "if they are one piece, merge it into this one; to keep both under one name, rename anyway",
                        form: Pages.ErrorForm(
                            action: "/pieces/\(id)/merge",
                            label: "Merge piece \(other.id) into piece \(id)",
                            hidden: [.init(name: "other", value: "\(other.id)")]
                        )
                    )
                }
            }
        }
        router.post("/pieces/:id/merge") { request, context in
            guard let id = context.parameters.get("id", as: Int64.self) else { return Self.notFound() }
            let form = try await Self.form(request, context)
            return edit {
                guard let other = form["other"].flatMap({ Int64($0) }) else {
                    throw UserError("choose the piece to merge into this one")
                }
                _ = try PieceManagement.merge(other, into: id, in: library)
                return Pages.redirect("/pieces/\(id)")
            }
        }
        router.post("/sessions/:id/tags") { request, context in
            guard let id = context.parameters.get("id", as: Int64.self) else { return Self.notFound() }
            let form = try await Self.form(request, context)
            return edit {
                _ = try library.session(id)
                if let add = form["add"]?.trimmingCharacters(in: .whitespaces), !add.isEmpty {
                    guard !add.contains(where: \.isNewline) else { throw UserError("a tag is one line") }
                    try library.addTag(add, to: id, origin: .user)
                }
                if let remove = form["remove"], !remove.isEmpty {
                    _ = try library.removeTag(remove, from: id)
                }
                return Pages.redirect("/sessions/\(id)")
            }
        }
    }

    /// A page, or the error page for what it threw.
    func page(_ body: () throws -> String) -> Response {
        do {
            return Pages.html(try body())
        } catch {
            return Pages.errorResponse(for: error)
        }
    }

    /// An edit's response, or the error page for what it threw.
    func edit(_ body: () throws -> Response) -> Response {
        do {
            return try body()
        } catch {
            return Pages.errorResponse(for: error)
        }
    }

    static func notFound() -> Response {
        Pages.errorResponse(status: .notFound, message: "there is no such page")
    }

    /// A query parameter, trimmed; "" when absent.
    static func text(_ request: Request, _ name: String) -> String {
        (request.uri.queryParameters.get(name) ?? "").trimmingCharacters(in: .whitespaces)
    }

    static func number(_ request: Request, _ name: String) -> Int? {
        request.uri.queryParameters.get(name).flatMap { Int($0) }
    }

    /// The fields of an `application/x-www-form-urlencoded` body (at most 64 KiB).
    static func form(_ request: Request, _ context: BasicRequestContext) async throws -> [String: String] {
        var request = request
        let body = try await request.collectBody(upTo: 65_536)
        var fields: [String: String] = [:]
        for pair in String(buffer: body).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (text: Substring) in
                text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(text)
            }
            guard let key = parts.first else { continue }
            fields[decode(key)] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return fields
    }
}
