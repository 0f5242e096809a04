import Foundation
import PracticeLibrary
import PracticeReports
import SessionStore

/// `--library`: every session imported, in order, a day apart, into one throwaway library and
/// analysed as stored — as a musician's library grows — then each repertoire take's library id
/// set against its piece in the truth. A musician expects one id per piece across sessions
/// wherever two sessions practise bars of it in common, and never one id for two pieces.
/// Sessions that practise sections sharing no bar cannot be linked without a score; the table
/// says which bars each id covers, so a split can be told from a miss.
enum LibraryEvaluation {
    /// Takes per library id for each piece, and the bars and sessions each id covers there.
    struct PieceIDs {
        var takes: [Int64?: Int] = [:]
        var bars: [Int64?: ClosedRange<Int>] = [:]
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
            let truth = try Truth(path: folder + "/" + file.dropLast(4) + ".truth.json")
            let ids = Dictionary(report.materials.map { ($0.id, $0.libraryID) }, uniquingKeysWith: { a, _ in a })
            for step in report.steps where step.kind == .repertoire {
                for take in step.takes {
                    guard let segment = truth.repertoire(at: (take.start + take.end) / 2) else { continue }
                    let libraryID = ids[step.material ?? ""] ?? nil
                    var entry = pieces[segment.material] ?? PieceIDs()
                    entry.takes[libraryID, default: 0] += 1
                    if let bars = segment.bars {
                        let known = entry.bars[libraryID]
                        entry.bars[libraryID] =
                            min(
                                known?.lowerBound ?? bars.lowerBound,
                                bars.lowerBound
                            )...max(
                                known?.upperBound ?? bars.upperBound,
                                bars.upperBound
                            )
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
                let bars = entry.bars[id].map { "bars \($0.lowerBound)–\($0.upperBound)" } ?? "bars ?"
                let names = entry.sessions[id, default: []].sorted().joined(separator: ",")
                return "id \(id.map(String.init) ?? "none"): \(entry.takes[id]!) takes, \(bars) (\(names))"
            }
            print("  " + name + ": " + parts.joined(separator: "; "))
        }
        for (id, names) in merged.sorted(by: { ($0.key ?? -1) < ($1.key ?? -1) }) {
            print("  id \(id.map(String.init) ?? "none") holds " + names.sorted().joined(separator: ", "))
        }
    }

    /// The repertoire segments of a truth file.
    struct Truth {
        struct Segment {
            var start: Double
            var end: Double
            var material: String
            /// From the passage name's "@first-last".
            var bars: ClosedRange<Int>?
        }
        var segments: [Segment]

        init(path: String) throws {
            let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path)))
            let list = (object as? [String: Any])?["segments"] as? [[String: Any]] ?? []
            segments = list.compactMap { item in
                guard item["kind"] as? String == "repertoire", let start = item["start"] as? Double,
                    let end = item["end"] as? Double, let material = item["material"] as? String
                else { return nil }
                let range = (item["passage"] as? String)?.split(separator: "@").last?.split(separator: "-")
                    .compactMap { Int($0) }
                let bars = range.flatMap { $0.count == 2 && $0[0] <= $0[1] ? $0[0]...$0[1] : nil }
                return Segment(start: start, end: end, material: material, bars: bars)
            }
        }

        func repertoire(at time: Double) -> Segment? {
            segments.first { $0.start <= time && time <= $0.end }
        }
    }
}
