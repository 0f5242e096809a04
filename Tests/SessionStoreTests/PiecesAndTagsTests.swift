import Foundation
import GRDB
import MIDICore
import Testing

@testable import SessionStore

/// Merging pieces, tags removed by hand, tag names in any case, and content hashes.
@Suite("Pieces, tags and duplicates in the library")
struct PiecesAndTagsTests {
    static func session(_ library: Library, start: TimeInterval, keys: Int = 10) throws -> Int64 {
        try library.importSession(
            NewSession(start: Date(timeIntervalSince1970: start), sourceKind: .import, source: "s.mid"),
            ports: [PortInfo(port: 0, name: "Piano")],
            events: noteEvents(count: keys)
        )
    }

    @Test("a merged piece's sessions, name and fingerprint go to the piece that stays")
    func merge() throws {
        let library = try Library.inMemory()
        let a = try library.addMaterial(name: "Brahms", fingerprint: Data("a".utf8))
        let b = try library.addMaterial(name: "Piece #2", fingerprint: Data("b".utf8))
        let c = try library.addMaterial(name: "Piece #3", fingerprint: Data("c".utf8))
        let s1 = try Self.session(library, start: 1_000)
        let s2 = try Self.session(library, start: 2_000)
        let s3 = try Self.session(library, start: 3_000)
        try library.linkMaterials([a], to: s1)
        try library.linkMaterials([b], to: s2)
        try library.linkMaterials([a, b], to: s3)
        try library.linkMaterials([c], to: s3)  // replaces s3's links
        try library.linkMaterials([b, c], to: s3)
        try library.mergeMaterial(c, into: b)
        try library.mergeMaterial(b, into: a)

        #expect(try library.materials().map(\.id) == [a])
        #expect(try library.materials().first?.sessionCount == 3)
        #expect(try library.sessionIDs(material: a) == [s1, s2, s3])
        #expect(try library.currentPiece(b) == a && library.currentPiece(c) == a)
        let names = try library.pieceNames()
        #expect(names[c]?.piece == a && names[c]?.name == "Brahms")
        let rows = try library.materialFingerprints()
        #expect(rows.map(\.pieceID) == [a, a, a])
        #expect(rows.map(\.fingerprint) == ["a", "b", "c"].map { Data($0.utf8) })
        #expect(throws: LibraryError.noSuchMaterial(b)) { try library.mergeMaterial(a, into: b) }
        #expect(throws: LibraryError.sameMaterial(a)) { try library.mergeMaterial(a, into: a) }
    }

    @Test("a score merged into a piece learned from playing becomes the piece's")
    func mergeKeepsTheScore() throws {
        let library = try Library.inMemory()
        let played = try library.addMaterial(name: "Piece #1", fingerprint: Data("played".utf8))
        let score = try library.addMaterial(name: "Sonatina", isReference: true, fingerprint: Data("score".utf8))
        try library.mergeMaterial(score, into: played)
        let kept = try #require(try library.materials().first)
        #expect(kept.id == played && kept.isReference && kept.fingerprint == Data("score".utf8))
        let rows = try library.materialFingerprints()
        #expect(rows.first { $0.id == score }?.fingerprint == Data("played".utf8))
    }

    @Test("a piece's sessions come in the order they were played, not stored")
    func sessionsInPlayingOrder() throws {
        let library = try Library.inMemory()
        let piece = try library.addMaterial(name: "Sonatina", fingerprint: Data("p".utf8))
        let later = try Self.session(library, start: 5_000)
        let earlier = try Self.session(library, start: 1_000)
        let between = try Self.session(library, start: 3_000)
        for session in [later, earlier, between] { try library.linkMaterials([piece], to: session) }
        #expect(try library.sessionIDs(material: piece) == [earlier, between, later])
        #expect(try library.sessionIDs(material: piece + 1).isEmpty)
    }

    @Test("a score attached to a piece replaces its fingerprint and makes it a reference")
    func attachScore() throws {
        let library = try Library.inMemory()
        let piece = try library.addMaterial(name: "Piece #1", fingerprint: Data("played".utf8))
        try library.attachScore(piece, fingerprint: Data("score".utf8))
        let stored = try #require(try library.materials().first)
        #expect(stored.isReference && stored.fingerprint == Data("score".utf8) && stored.name == "Piece #1")
        #expect(throws: LibraryError.noSuchMaterial(piece + 1)) {
            try library.attachScore(piece + 1, fingerprint: Data())
        }
    }

    @Test("names are compared ignoring case and spaces")
    func namesTaken() throws {
        let library = try Library.inMemory()
        let a = try library.addMaterial(name: "Brahms Hungarian Dance 5", fingerprint: Data())
        let b = try library.addMaterial(name: "Piece #2", fingerprint: Data())
        #expect(try library.materials(named: " brahms hungarian dance 5", except: b).map(\.id) == [a])
        #expect(try library.materials(named: "Brahms Hungarian Dance 5", except: a).isEmpty)
    }

    @Test("an automatic tag removed by hand stays removed when the session is analysed again")
    func removedTagsStayRemoved() throws {
        let library = try Library.inMemory()
        let id = try Self.session(library, start: 1_000)
        try library.setAutomaticTags(["scattered", "evening"], for: id)
        #expect(try library.removeTag("Scattered", from: id))
        try library.setAutomaticTags(["scattered", "evening"], for: id)
        try library.addTag("scattered", to: id, origin: .auto)
        #expect(try library.tags(session: id).map(\.name) == ["evening"])
        #expect(try library.session(id).tags == ["evening"])
        #expect(try library.sessions(tag: "scattered").isEmpty)
        #expect(try library.tags(session: id, includingRemoved: true).contains { $0 == ("scattered", .removed) })
        // Removing it again finds nothing; adding it by hand brings it back as the user's.
        #expect(try !library.removeTag("scattered", from: id))
        try library.addTag("scattered", to: id)
        #expect(try library.tags(session: id).contains { $0 == ("scattered", .user) })
    }

    @Test("sessions are found by a tag in any case")
    func tagCase() throws {
        let library = try Library.inMemory()
        let lesson = try Self.session(library, start: 1_000)
        let other = try Self.session(library, start: 2_000)
        try library.addTag("Mozart lesson", to: lesson)
        try library.addTag("Für Elise", to: other)
        #expect(try library.sessions(tag: "mozart lesson").map(\.id) == [lesson])
        #expect(try library.sessions(tag: "FÜR ELISE").map(\.id) == [other])
        try library.addTag("mozart LESSON", to: lesson)
        #expect(try library.tags(session: lesson).map(\.name) == ["Mozart lesson"])
    }

    @Test("the same events hash alike; sessions stored before hashes are hashed when asked")
    func contentHashes() throws {
        let library = try Library.inMemory()
        let events = noteEvents(count: 10)
        let hash = Library.contentHash(of: events)
        var moved = events
        moved[3].time += 1
        #expect(Library.contentHash(of: moved) != hash)
        var other = events
        other[3].bytes[2] = 65
        #expect(Library.contentHash(of: other) != hash)
        #expect(hash.count == 32)

        let old = try Self.session(library, start: 1_000)  // no hash stored, like sessions from before v5
        #expect(try library.session(withContentHash: hash, eventCount: 21) == nil)
        #expect(try library.session(withContentHash: hash, eventCount: events.count) == old)
        let stored = try library.read { db in
            try String.fetchOne(db, sql: "SELECT contentHash FROM session WHERE id = ?", arguments: [old])
        }
        #expect(stored == hash)
    }
}
