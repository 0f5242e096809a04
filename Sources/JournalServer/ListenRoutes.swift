import Foundation
import HTTPTypes
import Hummingbird
import MIDICore
import PracticeLibrary
import PracticeReports
import SessionStore

/// Listening and comparing: the player's script, the notes of a take or a time range as JSON
/// (read-only GETs), and the page comparing two takes. The notes come from
/// ``SessionExcerpt``, the same selection `woodshed export --take / --from --to` writes.
struct ListenRoutes: Sendable {
    var library: Library

    func register(on router: Router<BasicRequestContext>) {
        router.get("/journal.js") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "text/javascript; charset=utf-8"
            headers[.cacheControl] = "max-age=3600"
            headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: Self.script)))
        }
        router.get("/sessions/:id/notes") { request, context in
            guard let id = context.parameters.get("id", as: Int64.self) else { return JournalRoutes.notFound() }
            do {
                let excerpt = try SessionExcerpt.load(try Self.selection(request), sessionID: id, in: library)
                return try Self.json(NotesDocument(excerpt))
            } catch {
                return Self.jsonError(error)
            }
        }
        router.get("/sessions/:id/compare") { request, context in
            guard let id = context.parameters.get("id", as: Int64.self) else { return JournalRoutes.notFound() }
            do {
                let numbers = request.uri.queryParameters.getAll("take").compactMap { Int($0) }
                guard numbers.count == 2, numbers[0] != numbers[1] else {
                    throw UserError("choose two different takes to compare", hint: "tick two takes on the session page")
                }
                let page = try ComparePage.load(session: id, takes: (numbers[0], numbers[1]), library: library)
                return Pages.html(Pages.render("compare", title: "\(page.title) — Woodshed", section: "sessions", page))
            } catch {
                return Pages.errorResponse(for: error)
            }
        }
    }

    /// The player (Templates/journal-js.js), served at /journal.js.
    static var script: String { EmbeddedTemplates.files.first { $0.name == "journal-js" }?.text ?? "" }

    /// `?take=N`, or `?from=T&to=T` (seconds or m:ss, `to` optional), or nothing: the whole session.
    static func selection(_ request: Request) throws -> SessionExcerpt.Selection {
        let query = request.uri.queryParameters
        if let take = query.get("take") {
            guard let number = Int(take) else { throw UserError("take=\(take) is not a take number") }
            return .take(number)
        }
        let time = { (name: String) throws -> Double? in
            guard let text = query.get(name) else { return nil }
            guard let seconds = SessionExcerpt.seconds(String(text)) else {
                throw UserError("\(name)=\(text) is not a time", hint: "give seconds (72.5) or m:ss (1:12)")
            }
            return seconds
        }
        let from = try time("from")
        let to = try time("to")
        if from == nil && to == nil { return .whole }
        return .range(from: from ?? 0, to: to)
    }

    /// The notes endpoint's answer: seconds from the session start, rounded to the millisecond.
    struct NotesDocument: Encodable {
        var session: Int64
        var label: String
        var start: Double
        var end: Double
        /// [onset, key release, end of sound (pedal folded in), key, velocity, channel] per note.
        var notes: [[Double]]
        /// [time, channel, value] per sustain-pedal change.
        var pedal: [[Double]]

        init(_ excerpt: SessionExcerpt) {
            let seconds = { (nanoseconds: Int64) in (Double(nanoseconds) / 1e6).rounded() / 1000 }
            session = excerpt.sessionID
            label = excerpt.label
            start = seconds(excerpt.start)
            end = seconds(max(excerpt.start, excerpt.notes.map(\.end).max() ?? excerpt.start))
            notes = excerpt.notes.map {
                [
                    seconds($0.onset), seconds($0.release), seconds($0.end), Double($0.key), Double($0.velocity),
                    Double($0.channel),
                ]
            }
            pedal = excerpt.pedal.map { [seconds($0.time), Double($0.channel), Double($0.value)] }
        }
    }

    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.cacheControl] = "no-store"
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        let data = try JSONEncoder().encode(value)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// `{"error": "…", "hint": "…"}` with the status the HTML page would have.
    static func jsonError(_ error: any Error) -> Response {
        let page = Pages.errorResponse(for: error)
        let message = (error as? any UserFacingError)?.message ?? "\(error)"
        let hint = (error as? any UserFacingError)?.hint
        return (try? json(["error": message, "hint": hint ?? ""], status: page.status)) ?? page
    }
}
