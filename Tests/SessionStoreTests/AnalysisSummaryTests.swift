import Foundation
import GRDB
import MIDICore
import Testing

@testable import SessionStore

/// The per-session summaries stored with each analysis (migration v8): stored and replaced
/// with the analysis, never read for an analysis they were not derived from, following merges,
/// and gone with their session.
@Suite("Analysis summaries in the library")
struct AnalysisSummaryTests {
    static func summary(_ piece: Int64, seconds: Double, label: String = "from the opening") -> AnalysisSummary {
        AnalysisSummary(
            pieces: [
                AnalysisSummary.Piece(materialID: piece, seconds: seconds, takes: 3, clean: 1, judged: 2, bestPace: 2.5)
            ],
            passages: [
                AnalysisSummary.Passage(
                    materialID: piece,
                    label: label,
                    takes: 3,
                    clean: 1,
                    judged: 2,
                    tempos: [0.8125, 1, 0.1 + 0.2],
                    bestPace: 2.5,
                    bestBPM: nil
                )
            ]
        )
    }

    @Test("a summary is stored with its analysis and read back as it was, tempos exactly")
    func roundTrip() throws {
        let library = try Library.inMemory()
        let piece = try library.addMaterial(name: "Sonatina", fingerprint: Data("p".utf8))
        let session = try PiecesAndTagsTests.session(library, start: 1_000)
        try library.linkMaterials([piece], to: session)
        let stored = Self.summary(piece, seconds: 61.5)
        try library.storeAnalysis(Data("{}".utf8), analyzerVersion: 7, summary: stored, for: session)

        let read = try library.pieceSummaries(piece: piece, analyzerVersion: 7)
        #expect(read.sessions.map(\.id) == [session])
        #expect(read.materialIDs == [piece])
        #expect(read.summaries == [session: stored])
        // Another analyzer version's summary is not current.
        #expect(try library.pieceSummaries(piece: piece, analyzerVersion: 8).summaries.isEmpty)
        #expect(try library.unsummarisedAnalyses(analyzerVersion: 7).isEmpty)
    }

    @Test("an analysis stored again without a summary leaves none; a late summary never lands on it")
    func replacedAnalysis() throws {
        let library = try Library.inMemory()
        let piece = try library.addMaterial(name: "Sonatina", fingerprint: Data("p".utf8))
        let session = try PiecesAndTagsTests.session(library, start: 1_000)
        try library.linkMaterials([piece], to: session)
        let first = Date(timeIntervalSince1970: 2_000)
        try library.storeAnalysis(
            Data("{}".utf8),
            analyzerVersion: 7,
            summary: Self.summary(piece, seconds: 1),
            for: session,
            at: first
        )
        // As an older binary (or an analysis without a summary) would leave it.
        try library.storeAnalysis(Data("{}".utf8), analyzerVersion: 7, for: session, at: first.addingTimeInterval(60))
        #expect(try library.pieceSummaries(piece: piece, analyzerVersion: 7).summaries.isEmpty)
        #expect(try library.unsummarisedAnalyses(analyzerVersion: 7) == [session])
        #expect(try library.unsummarisedAnalyses(analyzerVersion: 6).isEmpty)
        let rows = try library.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM passageSummary") }
        #expect(rows == 0)

        // Derived from the report of the first analysis: refused.
        let stale = Int64(first.timeIntervalSince1970 * 1e9)
        #expect(try library.storeSummaries([(session, stale, Self.summary(piece, seconds: 1))]).isEmpty)
        let current = try #require(try library.analysis(session: session)).analyzedAtNs
        let both = try library.storeSummaries([
            (session, stale, Self.summary(piece, seconds: 1)), (session, current, Self.summary(piece, seconds: 2)),
        ])
        #expect(both == [session])
        #expect(
            try library.pieceSummaries(piece: piece, analyzerVersion: 7).summaries[session]?.pieces.first?.seconds == 2
        )
        #expect(try library.unsummarisedAnalyses(analyzerVersion: 7).isEmpty)
    }

    @Test("a merged piece's summaries count for the piece it joined; only that piece's rows are read")
    func mergesFollowed() throws {
        let library = try Library.inMemory()
        let a = try library.addMaterial(name: "Brahms", fingerprint: Data("a".utf8))
        let b = try library.addMaterial(name: "Piece #2", fingerprint: Data("b".utf8))
        let c = try library.addMaterial(name: "Piece #3", fingerprint: Data("c".utf8))
        let s1 = try PiecesAndTagsTests.session(library, start: 1_000)
        let s2 = try PiecesAndTagsTests.session(library, start: 2_000)
        try library.linkMaterials([a], to: s1)
        try library.linkMaterials([b, c], to: s2)
        try library.storeAnalysis(Data("{}".utf8), analyzerVersion: 7, summary: Self.summary(a, seconds: 10), for: s1)
        var both = Self.summary(b, seconds: 20)
        both.pieces += Self.summary(c, seconds: 30).pieces
        both.passages += Self.summary(c, seconds: 30, label: "bars 5–8").passages
        try library.storeAnalysis(Data("{}".utf8), analyzerVersion: 7, summary: both, for: s2)

        let before = try library.pieceSummaries(piece: c, analyzerVersion: 7)
        #expect(before.sessions.map(\.id) == [s2])
        #expect(before.summaries[s2]?.pieces.map(\.materialID) == [c])
        #expect(before.summaries[s2]?.passages.map(\.label) == ["bars 5–8"])

        try library.mergeMaterial(c, into: b)
        try library.mergeMaterial(b, into: a)
        let after = try library.pieceSummaries(piece: a, analyzerVersion: 7)
        #expect(after.sessions.map(\.id) == [s1, s2])
        #expect(after.materialIDs == [a, b, c])
        #expect(after.summaries[s1]?.pieces.map(\.seconds) == [10])
        #expect(after.summaries[s2]?.pieces.map(\.seconds) == [20, 30])
        #expect(after.summaries[s2]?.passages.map(\.label) == ["from the opening", "bars 5–8"])
    }

    @Test("deleting a session removes its summary rows")
    func deletedWithTheSession() throws {
        let library = try Library.inMemory()
        let piece = try library.addMaterial(name: "Sonatina", fingerprint: Data("p".utf8))
        let session = try PiecesAndTagsTests.session(library, start: 1_000)
        try library.storeAnalysis(
            Data("{}".utf8),
            analyzerVersion: 7,
            summary: Self.summary(piece, seconds: 1),
            for: session
        )
        try library.deleteSession(session)
        let left = try library.read { db in
            try Int.fetchOne(
                db,
                sql:
                    "SELECT (SELECT COUNT(*) FROM analysisSummary) + (SELECT COUNT(*) FROM pieceSummary) + (SELECT COUNT(*) FROM passageSummary)"
            )
        }
        #expect(left == 0)
    }
}
