import Foundation
import PracticeLibrary
import PracticeReports
import SessionStore

/// `--library`: every session imported, in order, a day apart, into one throwaway library and
/// analysed as stored — as a musician's library grows — then each repertoire take's library id
/// set against its piece in the truth. A musician expects one id per piece across sessions
/// wherever two sessions practise bars of it in common, and never one id for two pieces.
/// Sessions that practise sections sharing no bar cannot be linked without a score; the table
/// says which passages (the truth's downbeats A–B) each id covers, so a split can be told from
/// a miss.
enum LibraryEvaluation {
    /// Takes per library id for each piece, and the passages and sessions each id covers there.
    struct PieceIDs {
        var takes: [Int64?: Int] = [:]
        /// The truth's passages of the id's takes, from the first downbeat to the last.
        var downbeats: [Int64?: ClosedRange<Int>] = [:]
        var sessions: [Int64?: Set<String>] = [:]
    }

    /// Runs the library and prints the pieces with more than one id and the ids with more than
    /// one piece. O(Σ analysis of each session with the library's pieces as known materials).
    static func run(folder: String, sessions: [String]) throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("woodshed-eval-\(getpid())")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let library = try Library(path: root.appendingPathComponent("library.sqlite").path)
        var pieces: [String: PieceIDs] = [:]
        var idPieces: [Int64?: Set<String>] = [:]
        for (index, file) in sessions.enumerated() {
            let start = Date(timeIntervalSince1970: 1_700_000_000 + Double(index) * 86_400)
            let prepared = try SessionImport.prepare(folder + "/" + file, dating: .given(start, .gmt))
            guard case .imported(let id, _) = try SessionImport.store(prepared, again: true, in: library) else {
                continue
            }
            let report = try SessionAnalysis.analyzeMarked(sessionID: id, in: library).report
            let truth = try TruthFile(URL(fileURLWithPath: folder + "/" + file.dropLast(4) + ".truth.json"))
            let ids = Dictionary(report.materials.map { ($0.id, $0.libraryID) }, uniquingKeysWith: { a, _ in a })
            for step in report.steps where step.kind == .repertoire {
                for take in step.takes {
                    guard let segment = truth.segment(at: (take.start + take.end) / 2) else { continue }
                    let libraryID = ids[step.material ?? ""] ?? nil
                    var entry = pieces[segment.material] ?? PieceIDs()
                    entry.takes[libraryID, default: 0] += 1
                    if let passage = segment.downbeats {
                        let span = passage.first...passage.last
                        entry.downbeats[libraryID] =
                            entry.downbeats[libraryID].map {
                                min($0.lowerBound, span.lowerBound)...max($0.upperBound, span.upperBound)
                            } ?? span
                    }
                    entry.sessions[libraryID, default: []].insert(String(file.dropLast(4)))
                    pieces[segment.material] = entry
                    idPieces[libraryID, default: []].insert(segment.material)
                }
            }
        }
        let split = pieces.filter { $0.value.takes.count > 1 }
        let merged = idPieces.filter { $0.value.count > 1 }
        print("\nevery session imported in order into one library, analysed as stored:")
        print(
            "\(pieces.count) pieces, \(split.count) with more than one library id; "
                + "\(idPieces.count) ids, \(merged.count) holding more than one piece"
        )
        for (name, entry) in split.sorted(by: { $0.key < $1.key }) {
            let parts = entry.takes.keys.sorted { ($0 ?? -1) < ($1 ?? -1) }.map { id in
                let bars = entry.downbeats[id].map { "@\($0.lowerBound)–\($0.upperBound)" } ?? "@?"
                let names = entry.sessions[id, default: []].sorted().joined(separator: ",")
                return "id \(id.map(String.init) ?? "none"): \(entry.takes[id]!) takes, \(bars) (\(names))"
            }
            print("  " + name + ": " + parts.joined(separator: "; "))
        }
        for (id, names) in merged.sorted(by: { ($0.key ?? -1) < ($1.key ?? -1) }) {
            print("  id \(id.map(String.init) ?? "none") holds " + names.sorted().joined(separator: ", "))
        }
    }
}
