public import Foundation
import PracticeReports
import PracticeSegmenter
public import ScoreReader
public import SessionStore

/// Scores in the library: a piece added from its score, or a score given to a piece the
/// library learned from playing. Sessions that play it are matched to it, and their takes and
/// passages are given in the score's bars.
public enum PieceScores {
    /// What a score added: its piece id and what the score holds.
    public struct Added: Sendable {
        public var id: Int64
        public var name: String
        public var score: Score
        /// Events of its fingerprint (notes struck together).
        public var events: Int

        /// "70 bars, 3/4, ♩ = 90, 1 234 notes (MusicXML, "Pickup Waltz")" style facts, for messages.
        public var summary: String {
            var parts = [ReportFormat.plural(score.barCount, "bar"), ReportFormat.plural(score.notes.count, "note")]
            if score.playedMeasures.count != score.measures.count {
                parts.append("\(score.playedMeasures.count) played with the repeats")
            }
            if let tempo = score.tempos.first {
                parts.append("♩ = \(Int(tempo.quarterNotesPerMinute.rounded()))")
            }
            let format = score.format == .musicXML ? "MusicXML" : "MIDI"
            return parts.joined(separator: ", ") + " (\(format)" + (score.title.map { ", \"\($0)\"" } ?? "") + ")"
        }
    }

    /// Reads a score file (MusicXML `.musicxml`/`.xml`, compressed `.mxl`, or MIDI).
    /// - Throws: ``UserError`` naming the file, where in it, and what was expected.
    public static func read(_ path: String) throws -> Score {
        do {
            return try Score.read(contentsOf: URL(fileURLWithPath: path), name: path)
        } catch {
            throw UserError(error.description)
        }
    }

    /// Adds a piece from its score. `name` nil: the score's title (or the file's name).
    public static func add(name: String?, scoreFile path: String, to library: Library) throws -> Added {
        let score = try read(path)
        let fingerprint = MaterialFingerprint(score: score)
        let name = name ?? score.title ?? URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        let id = try library.addMaterial(name: name, isReference: true, fingerprint: JSONEncoder().encode(fingerprint))
        return Added(id: id, name: name, score: score, events: fingerprint.events.count)
    }

    /// Gives piece `id` (learned from playing, or an earlier score) the score in `path`; a
    /// piece still named automatically ("Piece #7") takes the score's title.
    public static func attach(scoreFile path: String, toPiece id: Int64, in library: Library) throws -> Added {
        guard var material = try library.materials().first(where: { $0.id == id }) else {
            throw UserError("no piece \(id) — see `woodshed pieces` for the ids")
        }
        let score = try read(path)
        let fingerprint = MaterialFingerprint(score: score)
        try library.attachScore(id, fingerprint: JSONEncoder().encode(fingerprint))
        if material.name == MaterialSummary.automaticName(libraryID: id) || material.name.isEmpty,
            let title = score.title
        {
            try library.renameMaterial(id, to: title)
            material.name = title
        }
        return Added(id: id, name: material.name, score: score, events: fingerprint.events.count)
    }
}
