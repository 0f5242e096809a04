public import Foundation
import PracticeReports
import PracticeSegmenter
public import SessionStore

/// Fixing what the analyser got wrong about pieces, for every front end: merging two pieces
/// it took apart, splitting off sessions it put in the wrong piece, and naming pieces without
/// two of them ending up with one name. Stored reports follow: they show the library's names
/// and ids of now (``ReportCache/stored(sessionID:in:)``).
public enum PieceManagement {
    /// Merges `other` into `piece`: one id (`piece`) from then on, the sessions of both, both
    /// fingerprints recognised (music played like either is `piece`). A score on either stays
    /// the piece's. - Returns: the piece as it is now.
    /// - Throws: ``UserError`` when either id is not a piece of its own or they are the same.
    @discardableResult
    public static func merge(_ other: Int64, into piece: Int64, in library: Library) throws -> StoredMaterial {
        do {
            try library.mergeMaterial(other, into: piece)
        } catch let error as LibraryError {
            throw UserError(error.message, hint: error.hint)
        }
        return try material(piece, in: library)
    }

    /// What a rename found: done, or held back because other pieces have that name already.
    public enum Renamed: Sendable {
        case renamed(StoredMaterial)
        /// Pieces of their own that already carry the name (ignoring case): merge instead, or
        /// rename with `allowDuplicate`.
        case nameTaken(by: [StoredMaterial])
    }

    /// Names piece `id`, unless another piece has that name (ignoring case and surrounding
    /// spaces) and `allowDuplicate` is false — two pieces with one name show as two identical
    /// rows everywhere, and usually are one piece to merge.
    /// - Throws: ``UserError`` for an empty name or an unknown id.
    public static func rename(
        _ id: Int64,
        to name: String,
        allowDuplicate: Bool = false,
        in library: Library
    ) throws
        -> Renamed
    {
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, !name.contains(where: \.isNewline) else {
            throw UserError("a piece's name is one line of text", hint: "woodshed pieces name \(id) \"Für Elise\"")
        }
        _ = try material(id, in: library)
        let taken = try library.materials(named: name, except: id)
        if !taken.isEmpty && !allowDuplicate { return .nameTaken(by: taken) }
        try library.renameMaterial(id, to: name)
        return .renamed(try material(id, in: library))
    }

    /// What a split did: the sessions analysed again without the piece, and the pieces their
    /// music belongs to now (a new piece, or another the library knew).
    public struct Split: Sendable {
        public var sessions: [Int64]
        /// Per session, the pieces it practised after the split.
        public var pieces: [Int64: [Int64]]
    }

    /// Splits sessions off piece `id`: each is analysed again as if the piece did not exist, so
    /// its music becomes a new piece (or matches another one), and its report and tags are
    /// stored again. The piece keeps its other sessions and its fingerprint.
    /// - Throws: ``UserError`` when the piece does not exist or a session did not practise it.
    public static func split(piece id: Int64, sessions: [Int64], in library: Library) throws -> Split {
        _ = try material(id, in: library)
        let linked = Set(try library.sessionIDs(material: id))
        for session in sessions where !linked.contains(session) {
            throw UserError(
                "session \(session) did not practise piece \(id)",
                hint: "`woodshed pieces show \(id)` lists its sessions"
            )
        }
        var result = Split(sessions: [], pieces: [:])
        for session in sessions {
            let analysed = try SessionAnalysis.analyze(sessionID: session, in: library, excludingPieces: [id])
            try SessionAnalysis.store(analysed.report, sessionID: session, in: library)
            result.sessions.append(session)
            result.pieces[session] = analysed.report.materials.compactMap(\.libraryID)
        }
        return result
    }

    /// A piece of its own by id. - Throws: ``UserError`` naming the id.
    public static func material(_ id: Int64, in library: Library) throws -> StoredMaterial {
        guard let found = try library.materials().first(where: { $0.id == id }) else {
            if let now = try? library.currentPiece(id), now != id {
                throw UserError("piece \(id) was merged into piece \(now)", hint: "use \(now)")
            }
            throw UserError("there is no piece \(id)", hint: "`woodshed pieces` lists them")
        }
        return found
    }
}
