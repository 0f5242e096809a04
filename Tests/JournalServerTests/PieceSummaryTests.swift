import Foundation
import PracticeLibrary
import SessionStore
import Testing

/// A Piece page reads the summaries stored with each analysis instead of decoding every
/// report of the piece: what it shows must be what the reports say, before and after a merge,
/// and a library analysed before summaries were kept gets them without analysing again.
@Suite("Piece overviews from stored summaries")
struct PieceSummaryTests {
    /// Everything an overview shows, as text to compare.
    static func shown(_ overview: PieceOverview) -> String {
        "\(overview.piece.id) \(overview.sessions) \(overview.weeks) \(overview.passages)"
    }

    /// Every analysis stored again without its summary, as a library analysed before
    /// summaries were kept has it. - Returns: the sessions.
    @discardableResult
    static func forgetSummaries(_ library: Library) throws -> [Int64] {
        let sessions = try library.sessions().map(\.id).sorted()
        for session in sessions {
            let stored = try #require(try library.analysis(session: session))
            try library.storeAnalysis(stored.report, analyzerVersion: stored.analyzerVersion, for: session)
        }
        return sessions
    }

    @Test("summaries are stored at analysis time and show what the reports show, merges followed")
    func summariesAgreeWithReports() throws {
        let fixture = try JournalLibrary()
        let library = fixture.library
        let readers = try Library.readers(path: try #require(library.path))
        #expect(try library.unsummarisedAnalyses(analyzerVersion: SessionAnalysis.version).isEmpty)
        let pieces = try library.materials().map(\.id)
        #expect(pieces.count >= 2)
        let fromSummaries = try pieces.map { Self.shown(try PieceOverview.load($0, in: readers)) }
        #expect(fromSummaries.allSatisfy { $0.contains("takes:") })

        let sessions = try Self.forgetSummaries(library)
        #expect(try library.unsummarisedAnalyses(analyzerVersion: SessionAnalysis.version) == sessions)
        // Read-only pages fall back to the reports and store nothing.
        #expect(try pieces.map { Self.shown(try PieceOverview.load($0, in: readers)) } == fromSummaries)
        #expect(try library.unsummarisedAnalyses(analyzerVersion: SessionAnalysis.version) == sessions)

        // Merged: the other piece's summaries carry its own id and count for the piece it joined.
        _ = try AnalysisSummaries.fill(in: library)
        let joined = Set(try library.sessionIDs(material: pieces[0]) + library.sessionIDs(material: pieces[1]))
        _ = try PieceManagement.merge(pieces[1], into: pieces[0], in: library)
        let merged = Self.shown(try PieceOverview.load(pieces[0], in: readers))
        let overview = try PieceOverview.load(pieces[0], in: readers)
        #expect(Set(overview.sessions.map(\.session.id)) == joined)
        #expect(overview.sessions.allSatisfy { $0.takes > 0 && $0.time > 0 })
        try Self.forgetSummaries(library)
        #expect(Self.shown(try PieceOverview.load(pieces[0], in: readers)) == merged)
    }

    @Test("a library analysed before summaries were kept gets them from its stored reports, once")
    func olderLibraryIsFilled() throws {
        let fixture = try JournalLibrary()
        let library = fixture.library
        let piece = try #require(try library.materials().first?.id)
        let expected = Self.shown(try PieceOverview.load(piece, in: library))
        let sessions = try Self.forgetSummaries(library)
        let analysed = try sessions.map { try library.analysis(session: $0)?.analyzedAtNs }

        var calls: [(Int, Int)] = []
        let made = try AnalysisSummaries.fill(in: library) { calls.append(($0, $1)) }
        #expect(Set(made.keys) == Set(sessions))
        #expect(calls.map(\.0) == [0, sessions.count] && calls.allSatisfy { $0.1 == sessions.count })
        #expect(try library.unsummarisedAnalyses(analyzerVersion: SessionAnalysis.version).isEmpty)
        // Nothing analysed again: the stored analyses are the same ones.
        #expect(try sessions.map { try library.analysis(session: $0)?.analyzedAtNs } == analysed)
        #expect(try AnalysisSummaries.fill(in: library).isEmpty)
        #expect(Self.shown(try PieceOverview.load(piece, in: library)) == expected)

        // A piece shown through a library that can write fills its own sessions' summaries.
        try Self.forgetSummaries(library)
        #expect(Self.shown(try PieceOverview.load(piece, in: library)) == expected)
        let linked = Set(try library.sessionIDs(material: piece))
        let left = Set(try library.unsummarisedAnalyses(analyzerVersion: SessionAnalysis.version))
        #expect(left.isDisjoint(with: linked) && left == Set(sessions).subtracting(linked))
    }
}
