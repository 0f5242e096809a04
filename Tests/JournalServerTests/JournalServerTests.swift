import Foundation
import Hummingbird
import PracticeLibrary
import SessionStore
import Testing

@testable import JournalServer

/// `woodshed serve` over a real temporary library, through a live server on an ephemeral
/// loopback port: every page, escaping, and edits from the same origin only.
@Suite("Journal server")
struct JournalServerTests {
    static let pages = [
        "/", "/pieces", "/pieces/1", "/pieces/2", "/sessions", "/sessions/1", "/sessions/2", "/sessions?q=script",
        "/pieces?q=%3Cscript", "/sessions?tag=%3Cimg%20src%3Dx%20onerror%3Dalert(2)%3E", "/sessions?page=9",
    ]

    @Test("every page answers 200 and shows hostile names escaped")
    func pagesEscapeNames() async throws {
        let fixture = try JournalLibrary()
        try await LiveJournal.serve(fixture.library) { (client: LiveJournal.Client) async throws in
            for path in Self.pages {
                let reply = try await client.get(path)
                #expect(reply.status == 200, "\(path): \(reply.status)")
                // The journal's own script files are the only scripts a page loads.
                let withoutOwn = reply.body
                    .replacingOccurrences(of: "<script src=\"/journal.js\" defer></script>", with: "")
                    .replacingOccurrences(of: "<script src=\"/live.js\" defer></script>", with: "")
                #expect(!withoutOwn.contains("<script"), "\(path) carries a script tag")
                #expect(!reply.body.contains("<img"), "\(path) carries an img tag")
                #expect(reply.header("Content-Security-Policy")?.contains("default-src 'self'") == true)
            }
            let home = try await client.get("/").body
            #expect(home.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Für&quot;"))
            #expect(home.contains("not practised for"))
            #expect(home.contains("class=\"week\""))
            #expect(home.contains("href=\"/sessions/2\""))
            let piece = try await client.get("/pieces/1").body
            #expect(piece.contains("<h1>&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(piece.contains("href=\"/sessions/1\""))
            #expect(piece.contains("<rect"))
            #expect(piece.contains("action=\"/pieces/1/merge\""))
            let session = try await client.get("/sessions/1").body
            #expect(session.contains("&lt;img src=x onerror=alert(2)&gt;"))
            #expect(session.contains("action=\"/sessions/1/tags\""))
            let noMatch = try await client.get("/pieces?q=nothing-like-it")
            #expect(noMatch.body.contains("No piece matches."))
            let byScript = try await client.get("/sessions?q=script")
            #expect(byScript.body.contains("href=\"/sessions/1\""))
            let css = try await client.get("/journal.css")
            #expect(css.header("Content-Type") == "text/css; charset=utf-8" && css.body.count > 1000)
        }
    }

    @Test("a missing session or piece is a 404 page; a merged piece's page leads to the one it joined")
    func missing() async throws {
        let fixture = try JournalLibrary()
        _ = try PieceManagement.merge(2, into: 1, in: fixture.library)
        try await LiveJournal.serve(fixture.library) { (client: LiveJournal.Client) async throws in
            let noSession = try await client.get("/sessions/99")
            #expect(noSession.status == 404)
            let noPiece = try await client.get("/pieces/99")
            #expect(noPiece.status == 404)
            let badID = try await client.get("/pieces/x")
            #expect(badID.status == 404)
            let noRoute = try await client.get("/nothing")
            #expect(noRoute.status == 404)
            let merged = try await client.get("/pieces/2")
            #expect(merged.status == 303 && merged.header("Location") == "/pieces/1")
        }
    }

    @Test("edits from another origin, or without one, are refused and change nothing")
    func crossOriginRefused() async throws {
        let fixture = try JournalLibrary()
        try await LiveJournal.serve(fixture.library) { (client: LiveJournal.Client) async throws in
            for origin in ["http://evil.example", "http://127.0.0.1:1", "null", nil] {
                let reply = try await client.post("/pieces/1/name", "name=Pwned", origin: origin)
                #expect(reply.status == 403, "\(origin ?? "no origin")")
            }
            let fetchSite = try await client.post(
                "/pieces/1/merge",
                "other=2",
                origin: client.origin,
                headers: ["Sec-Fetch-Site": "cross-site"]
            )
            #expect(fetchSite.status == 403)
            let referer = try await client.post(
                "/sessions/1/tags",
                "add=x",
                origin: nil,
                headers: ["Referer": "http://evil.example/page"]
            )
            #expect(referer.status == 403)
        }
        #expect(
            try fixture.library.materials().map(\.name).sorted() == ["Piece #2", JournalLibrary.hostileName].sorted()
        )
        #expect(try !fixture.library.tags(session: 1).map(\.name).contains("x"))
    }

    @Test("same-origin edits apply: rename, a taken name offers the merge, merge, tags")
    func sameOriginApplied() async throws {
        let fixture = try JournalLibrary()
        let library = fixture.library
        try await LiveJournal.serve(library) { (client: LiveJournal.Client) async throws in
            var reply = try await client.post("/pieces/1/name", "name=Sonatina+in+G", origin: client.origin)
            #expect(reply.status == 303 && reply.header("Location") == "/pieces/1")
            #expect(try PieceManagement.material(1, in: library).name == "Sonatina in G")

            reply = try await client.post("/pieces/2/name", "name=sonatina%20in%20g", origin: client.origin)
            #expect(reply.status == 409)
            #expect(reply.body.contains("action=\"/pieces/2/merge\""))
            #expect(try PieceManagement.material(2, in: library).name == "Piece #2")

            // Without Origin, a Referer from the journal's own page is enough.
            reply = try await client.post(
                "/pieces/1/merge",
                "other=2",
                origin: nil,
                headers: ["Referer": client.origin + "/pieces/1"]
            )
            #expect(reply.status == 303)
            #expect(try library.materials().map(\.id) == [1])
            #expect(try Set(library.sessionIDs(material: 1)) == [1, 2])

            reply = try await client.post("/sessions/2/tags", "add=lesson+%26+%3Cb%3E", origin: client.origin)
            #expect(reply.status == 303 && reply.header("Location") == "/sessions/2")
            #expect(try library.tags(session: 2).map(\.name).contains("lesson & <b>"))
            let page = try await client.get("/sessions/2")
            #expect(page.body.contains("lesson &amp; &lt;b&gt;"))
            reply = try await client.post("/sessions/2/tags", "remove=LESSON+%26+%3Cb%3E", origin: client.origin)
            #expect(reply.status == 303)
            #expect(try !library.tags(session: 2).map(\.name).contains("lesson & <b>"))
        }
    }

    @Test("a rename to nothing, a merge of a piece into itself and a tag on a missing session are errors")
    func badEdits() async throws {
        let fixture = try JournalLibrary()
        try await LiveJournal.serve(fixture.library) { (client: LiveJournal.Client) async throws in
            let blankName = try await client.post("/pieces/1/name", "name=+++", origin: client.origin)
            #expect(blankName.status == 400)
            let selfMerge = try await client.post("/pieces/1/merge", "other=1", origin: client.origin)
            #expect(selfMerge.status == 400)
            let noOther = try await client.post("/pieces/1/merge", "other=", origin: client.origin)
            #expect(noOther.status == 400)
            let noSessionTag = try await client.post("/sessions/99/tags", "add=x", origin: client.origin)
            #expect(noSessionTag.status == 404)
        }
        #expect(try fixture.library.materials().count == 2)
    }
}

@Suite("Same-origin rule")
struct SameOriginTests {
    typealias Rule = SameOriginMiddleware<BasicRequestContext>

    @Test func origins() {
        #expect(
            Rule.crossOriginReason(
                host: "127.0.0.1:8080",
                origin: "http://127.0.0.1:8080",
                referer: nil,
                fetchSite: "same-origin"
            ) == nil
        )
        #expect(
            Rule.crossOriginReason(
                host: "127.0.0.1:8080",
                origin: nil,
                referer: "http://127.0.0.1:8080/pieces/1",
                fetchSite: nil
            ) == nil
        )
        #expect(
            Rule.crossOriginReason(
                host: "127.0.0.1:8080",
                origin: "http://127.0.0.1:8081",
                referer: nil,
                fetchSite: nil
            ) != nil
        )
        #expect(
            Rule.crossOriginReason(host: "127.0.0.1:8080", origin: "https://evil.example", referer: nil, fetchSite: nil)
                != nil
        )
        #expect(Rule.crossOriginReason(host: "127.0.0.1:8080", origin: "null", referer: nil, fetchSite: nil) != nil)
        #expect(
            Rule.crossOriginReason(
                host: "127.0.0.1:8080",
                origin: "http://127.0.0.1:8080",
                referer: nil,
                fetchSite: "cross-site"
            ) != nil
        )
        #expect(Rule.crossOriginReason(host: nil, origin: "http://127.0.0.1:8080", referer: nil, fetchSite: nil) != nil)
    }

    @Test func loopbackNames() {
        #expect(
            JournalServer.isLoopback("127.0.0.1") && JournalServer.isLoopback("localhost")
                && JournalServer.isLoopback("[::1]")
        )
        #expect(
            !JournalServer.isLoopback("0.0.0.0") && !JournalServer.isLoopback("192.168.1.5")
                && !JournalServer.isLoopback("evil.localhost.example")
                && !JournalServer.isLoopback("127.0.0.1.evil.example")
        )
        #expect(JournalServer.exposureWarning(host: "127.0.0.1") == nil)
        #expect(JournalServer.exposureWarning(host: "0.0.0.0")?.contains("no authentication") == true)
        #expect(Rule.hostName("[::1]:8080") == "[::1]" && Rule.hostName("localhost:80") == "localhost")
    }

    @Test("on loopback, a request for another host name (DNS rebinding) is refused")
    func reboundHost() {
        #expect(Rule.misdirectedReason(host: "evil.example:8080", loopbackOnly: true) != nil)
        #expect(Rule.misdirectedReason(host: "127.0.0.1.evil.example", loopbackOnly: true) != nil)
        #expect(Rule.misdirectedReason(host: "localhost:8080", loopbackOnly: true) == nil)
        #expect(Rule.misdirectedReason(host: "127.0.0.1:8080", loopbackOnly: true) == nil)
        #expect(Rule.misdirectedReason(host: "[::1]:8080", loopbackOnly: true) == nil)
        #expect(Rule.misdirectedReason(host: "journal.home.example", loopbackOnly: false) == nil)
    }
}
