import Foundation
import PracticeLibrary
import SessionStore
import Testing

@testable import JournalServer

/// Goals, deleting a session with a confirmation, sorted and filtered lists paged by the
/// database, and pages that never write — through a live server on an ephemeral loopback port.
@Suite("Journal goals, delete, lists")
struct JournalEditsTests {
    @Test("a minutes-per-week goal and a passage's target tempo are set by same-origin POSTs and shown")
    func goals() async throws {
        let fixture = try JournalLibrary()
        let library = fixture.library
        let label = try #require(try PieceOverview.load(1, in: library).passages.first?.label)
        try await LiveJournal.serve(library) { (client: LiveJournal.Client) async throws in
            let refused = try await client.post("/goals/week", "minutes=150", origin: "http://evil.example")
            #expect(refused.status == 403)
            #expect(try library.weeklyMinutesGoal() == nil)
            #expect(try await !client.get("/").body.contains("class=\"progress\""))

            var reply = try await client.post("/goals/week", "minutes=150", origin: client.origin)
            #expect(reply.status == 303 && reply.header("Location") == "/")
            #expect(try library.weeklyMinutesGoal() == 150)
            let home = try await client.get("/").body
            #expect(home.contains("of 2 h 30 min"))
            #expect(home.contains("class=\"progress\""))
            #expect(home.contains("value=\"150\""))

            reply = try await client.post("/goals/week", "minutes=lots", origin: client.origin)
            #expect(reply.status == 400 && reply.body.contains("is not a number of minutes per week"))
            reply = try await client.post("/goals/week", "minutes=0", origin: client.origin)
            #expect(reply.status == 303)
            #expect(try library.weeklyMinutesGoal() == nil)

            let passage = label.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            reply = try await client.post(
                "/pieces/1/goals",
                "passage=\(passage)&tempo=3.5&unit=pace",
                origin: client.origin
            )
            #expect(reply.status == 303 && reply.header("Location") == "/pieces/1#passages")
            #expect(try library.tempoGoals(piece: 1)[label] == TempoGoal(passage: label, value: 3.5, unit: "pace"))
            let piece = try await client.get("/pieces/1").body
            #expect(piece.contains("class=\"target\""))
            #expect(piece.contains("target 3.5 positions/s"))
            reply = try await client.post("/pieces/99/goals", "passage=x&tempo=2", origin: client.origin)
            #expect(reply.status == 404)
        }
    }

    @Test("a session is deleted only by the confirmation page's POST; its events and analysis go")
    func deleteWithConfirmation() async throws {
        let fixture = try JournalLibrary()
        let library = fixture.library
        #expect(try library.analysis(session: 2) != nil)
        try await LiveJournal.serve(library) { (client: LiveJournal.Client) async throws in
            let confirm = try await client.get("/sessions/2/delete")
            #expect(confirm.status == 200)
            #expect(confirm.body.contains("action=\"/sessions/2/delete\""))
            #expect(confirm.body.contains("name=\"confirm\" value=\"2\""))
            #expect(try library.session(2).id == 2)
            let list = try await client.get("/sessions").body
            #expect(list.contains("href=\"/sessions/2/delete\""))

            var reply = try await client.post("/sessions/2/delete", "confirm=2", origin: "http://evil.example")
            #expect(reply.status == 403)
            reply = try await client.post("/sessions/2/delete", "", origin: client.origin)
            #expect(reply.status == 400 && reply.body.contains("the confirmation is missing"))
            reply = try await client.post("/sessions/2/delete", "confirm=1", origin: client.origin)
            #expect(reply.status == 400)
            #expect(try library.session(2).id == 2)

            reply = try await client.post("/sessions/2/delete", "confirm=2", origin: client.origin)
            #expect(reply.status == 303 && reply.header("Location") == "/sessions")
            #expect(throws: LibraryError.self) { try library.session(2) }
            #expect(try library.events(session: 2).isEmpty)
            #expect(try library.analysis(session: 2) == nil)
            #expect(try await client.get("/sessions/2").status == 404)
            #expect(try await client.get("/sessions/2/delete").status == 404)
            #expect(try library.session(1).id == 1)
        }
    }

    @Test("sessions sort by a column, filter by dates and page in the database")
    func sessionList() async throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "journal-list-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let library = try Library(path: folder.appending(path: "library.sqlite").path)
        // 120 sessions, one a day from 2026-01-01 (UTC), session n with n notes.
        let day0 = try #require(ISO8601DateFormatter().date(from: "2026-01-01T10:00:00Z"))
        for index in 1...120 {
            let events = (0..<index).flatMap { note in
                [
                    RawEvent(time: Int64(note) * 100_000_000, port: 0, bytes: [0x90, 60, 90]),
                    RawEvent(time: Int64(note) * 100_000_000 + 50_000_000, port: 0, bytes: [0x80, 60, 0]),
                ]
            }
            _ = try library.importSession(
                NewSession(
                    start: day0.addingTimeInterval(Double(index - 1) * 86_400),
                    timeZone: TimeZone(identifier: "UTC")!,
                    sourceKind: .import,
                    source: index % 2 == 0 ? "even-\(index).mid" : "odd-\(index).mid"
                ),
                ports: [PortInfo(port: 0, name: "Piano")],
                events: events
            )
        }
        try await LiveJournal.serve(library) { (client: LiveJournal.Client) async throws in
            let first = try await client.get("/sessions").body
            #expect(first.contains("1–50 of 120"))
            #expect(first.contains("href=\"/sessions/120\"") && !first.contains("href=\"/sessions/70\""))
            let third = try await client.get("/sessions?page=3").body
            #expect(third.contains("101–120 of 120") && third.contains("href=\"/sessions/1\""))
            let beyond = try await client.get("/sessions?page=40").body
            #expect(beyond.contains("101–120 of 120"))

            let fewest = try await client.get("/sessions?sort=notes&order=asc").body
            #expect(fewest.contains("aria-sort=\"ascending\""))
            #expect(Self.ids(fewest).prefix(3) == [1, 2, 3])
            let longest = try await client.get("/sessions?sort=length&order=desc").body
            #expect(Self.ids(longest).prefix(2) == [120, 119])

            let january = try await client.get("/sessions?from=2026-01-10&to=2026-01-12").body
            #expect(Self.ids(january) == [12, 11, 10])
            #expect(january.contains("3 of 3") || january.contains("1–3 of 3"))
            let evenInJanuary = try await client.get(
                "/sessions?q=EVEN&from=2026-01-01&to=2026-01-31&sort=date&order=asc"
            )
            #expect(Self.ids(evenInJanuary.body) == Array(stride(from: 2, through: 30, by: 2)))
            // Paging links keep the search and the sort.
            let sortedPaged = try await client.get("/sessions?sort=notes&order=asc").body
            #expect(sortedPaged.contains("href=\"/sessions?sort=notes&amp;order=asc&amp;page=2\""))
            let bad = try await client.get("/sessions?from=yesterday")
            #expect(bad.status == 400 && bad.body.contains("is not a date for from"))
        }
    }

    @Test("pages read through read-only connections: a session never analysed is shown but not stored")
    func getsNeverWrite() async throws {
        let fixture = try JournalLibrary()
        let library = fixture.library
        let events = try library.events(session: 1)
        let fresh = try library.importSession(
            NewSession(start: Date(), sourceKind: .import, source: "fresh.mid"),
            ports: [PortInfo(port: 0, name: "Piano")],
            events: events
        )
        let counter = try library.changeCounter()
        try await LiveJournal.serve(library) { (client: LiveJournal.Client) async throws in
            for path in ["/", "/sessions", "/pieces", "/pieces/1", "/sessions/\(fresh)", "/sessions/\(fresh)/delete"] {
                #expect(try await client.get(path).status == 200, "\(path)")
            }
        }
        #expect(try library.analysis(session: fresh) == nil)
        #expect(try library.changeCounter() == counter)
        let readers = try Library.readers(path: try #require(library.path))
        #expect(readers.writable() == nil)
        #expect(throws: LibraryError.self) { try readers.setWeeklyMinutesGoal(60) }
    }

    @Test("pieces sort by name and by sessions")
    func pieceList() async throws {
        let fixture = try JournalLibrary()
        try await LiveJournal.serve(fixture.library) { (client: LiveJournal.Client) async throws in
            let byName = try await client.get("/pieces?sort=name&order=asc").body
            #expect(Self.pieceIDs(byName) == [1, 2])  // "<script…" sorts before "Piece #2"
            let byNameDown = try await client.get("/pieces?sort=name&order=desc").body
            #expect(Self.pieceIDs(byNameDown) == [2, 1])
            #expect(byName.contains("Last practised"))
        }
    }

    /// Session ids in a list page's order.
    static func ids(_ page: String) -> [Int] {
        page.components(separatedBy: "<tr><td>").dropFirst().compactMap { Int($0.prefix { $0.isNumber }) }
    }

    static func pieceIDs(_ page: String) -> [Int] { ids(page) }
}
