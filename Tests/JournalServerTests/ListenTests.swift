import Foundation
import MIDICore
import PracticeLibrary
import SessionStore
import Testing

@testable import JournalServer

/// The notes endpoint, the session page's listening panel, the compare page and the player
/// script, on a live server over the project-made library of ``JournalLibrary``.
@Suite(.serialized)
struct ListenTests {
    struct NotesReply: Decodable {
        var session: Int64
        var label: String
        var start: Double
        var end: Double
        var notes: [[Double]]
        var pedal: [[Double]]
    }

    static func decode(_ reply: LiveJournal.Reply) throws -> NotesReply {
        try JSONDecoder().decode(NotesReply.self, from: Data(reply.body.utf8))
    }

    @Test("/sessions/ID/notes?take=N serves the take's notes, as SessionExcerpt selects them")
    func takeNotes() async throws {
        let fixture = try JournalLibrary()
        let library = fixture.library
        let (report, _) = try ReportCache.report(sessionID: 1, in: library)
        let takes = SessionExcerpt.numberedTakes(report)
        try #require(takes.count >= 3)
        try await LiveJournal.serve(library) { client in
            for number in 1...takes.count {
                let reply = try await client.get("/sessions/1/notes?take=\(number)")
                #expect(reply.status == 200)
                #expect(reply.header("Content-Type")?.hasPrefix("application/json") == true)
                let notes = try Self.decode(reply)
                let excerpt = try SessionExcerpt.load(.take(number), sessionID: 1, in: library)
                #expect(notes.notes.count == excerpt.notes.count)
                #expect(!notes.notes.isEmpty)
                let take = takes[number - 1].take
                #expect(notes.notes.allSatisfy { $0[0] >= take.start - 0.001 && $0[0] <= take.end + 0.001 })
                #expect(notes.notes.allSatisfy { $0.count == 6 && $0[0] <= $0[1] && $0[1] <= $0[2] })
                #expect(notes.label.hasPrefix("take \(number) — "))
            }
        }
    }

    @Test("?from=&to= takes seconds or m:ss; bad queries are JSON errors; only GET")
    func rangeNotes() async throws {
        let fixture = try JournalLibrary()
        try await LiveJournal.serve(fixture.library) { client in
            let all = try Self.decode(try await client.get("/sessions/1/notes"))
            let part = try Self.decode(try await client.get("/sessions/1/notes?from=0:05&to=12.5"))
            let expected = all.notes.filter { $0[0] >= 5 && $0[0] < 12.5 }
            #expect(part.notes == expected)
            #expect(!part.notes.isEmpty && part.notes.count < all.notes.count)
            #expect(part.label == "0:05–0:12")
            for (query, status) in [("take=99", 400), ("take=x", 400), ("from=soon", 400), ("from=9&to=3", 400)] {
                let reply = try await client.get("/sessions/1/notes?\(query)")
                #expect(reply.status == status, "\(query)")
                #expect(reply.body.contains("\"error\""), "\(query)")
            }
            #expect(try await client.get("/sessions/99/notes?take=1").status == 404)
            let post = try await client.post("/sessions/1/notes?take=1", "", origin: client.origin)
            #expect(post.status == 404 || post.status == 405)
        }
    }

    @Test("the session page offers every take to play and to compare, and loads /journal.js")
    func sessionPanel() async throws {
        let fixture = try JournalLibrary()
        let (report, _) = try ReportCache.report(sessionID: 1, in: fixture.library)
        let count = SessionExcerpt.numberedTakes(report).count
        try await LiveJournal.serve(fixture.library) { client in
            let page = try await client.get("/sessions/1")
            #expect(page.status == 200)
            for number in 1...count {
                #expect(page.body.contains("data-play-take=\"\(number)\""))
                #expect(page.body.contains("name=\"take\" value=\"\(number)\""))
            }
            #expect(page.body.contains("<script src=\"/journal.js\" defer></script>"))
            #expect(page.body.contains("action=\"/sessions/1/compare\""))
            // The piece's hostile name reaches the panel escaped only.
            #expect(!page.body.contains(JournalLibrary.hostileName))
            #expect(page.body.components(separatedBy: "<script").count == 2)
            let script = try await client.get("/journal.js")
            #expect(script.status == 200)
            #expect(script.header("Content-Type")?.hasPrefix("text/javascript") == true)
            #expect(script.body.contains("createOscillator") && script.body.contains("requestMIDIAccess"))
        }
    }

    @Test("the compare page draws both takes' notes on one time base, or says what is wrong")
    func compare() async throws {
        let fixture = try JournalLibrary()
        try await LiveJournal.serve(fixture.library) { client in
            let page = try await client.get("/sessions/1/compare?take=1&take=3")
            #expect(page.status == 200)
            for number in [1, 3] {
                let notes = try Self.decode(try await client.get("/sessions/1/notes?take=\(number)")).notes
                #expect(page.body.contains("data-take=\"\(number)\" data-notes=\"\(notes.count)\""))
            }
            #expect(page.body.components(separatedBy: "<polyline class=\"curve").count == 3)
            #expect(!page.body.contains(JournalLibrary.hostileName))
            #expect(page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(try await client.get("/sessions/1/compare?take=1").status == 400)
            #expect(try await client.get("/sessions/1/compare?take=2&take=2").status == 400)
            #expect(try await client.get("/sessions/1/compare?take=1&take=99").status == 400)
            #expect(try await client.get("/sessions/99/compare?take=1&take=2").status == 404)
        }
    }

    @Test("a take's speed curve: chords per second, one point per chord but the last")
    func speed() {
        // Chords every 0.5 s (two keys 10 ms apart count as one), then every 0.25 s.
        var notes: [Note] = []
        var time: Int64 = 1_000_000_000
        for index in 0..<20 {
            notes.append(Note(onset: time, release: time + 100_000_000, end: time + 100_000_000, key: 60, velocity: 64))
            notes.append(
                Note(
                    onset: time + 10_000_000,
                    release: time + 100_000_000,
                    end: time + 100_000_000,
                    key: 64,
                    velocity: 64
                )
            )
            time += index < 10 ? 500_000_000 : 250_000_000
        }
        let curve = ComparePage.speed(notes, origin: 1_000_000_000)
        #expect(curve.count == 19)
        #expect(curve.first?.time == 0)
        #expect(abs((curve.first?.rate ?? 0) - 2) < 0.01)
        #expect(abs((curve.last?.rate ?? 0) - 4) < 0.01)
    }
}
