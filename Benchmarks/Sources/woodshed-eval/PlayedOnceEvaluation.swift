import Foundation
import MIDICore
import PracticeReports
import PracticeSegmenter

/// `--played-once`: every piece's MIDI score (SCORES/*.mid) analysed as a session in which the
/// piece is played through once, from the first bar to the last, with no library. A musician
/// expects one piece (no context switch) and one take, as repertoire; pieces shorter than
/// `minimumPlayedThrough` may read as free play by design (docs/segmenter.md). Scores are
/// played mechanically (even tempo, written-out repeats), so this measures the segmenter's
/// model of a run-through, not its tolerance of a pianist's timing.
struct PlayedOnceRow {
    var name: String
    var minutes: Double
    /// Shares of the playing time by step kind.
    var repertoire: Double
    var free: Double
    var technique: Double
    var takes: Int
    var materials: Int
    var switches: Int

    /// One piece as repertoire in one take.
    var isOneTake: Bool { repertoire >= 0.8 && materials == 1 && takes == 1 }
}

enum PlayedOnceEvaluation {
    /// Rows for every `.mid` in `folder`, sorted by name; a file that fails to read is reported
    /// on standard output and left out. O(Σ analysis of each piece).
    static func rows(folder: String, configuration: SegmenterConfiguration) -> [PlayedOnceRow] {
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { $0.hasSuffix(".mid") }.sorted()
        return files.compactMap { file in
            do {
                let performance = try Performance(path: folder + "/" + file)
                let segmentation = PracticeSegmenter(configuration: configuration).segment(
                    performance.notes,
                    pedalMoves: performance.pedalMoves
                )
                let report = PracticeReport(segmentation, noteCount: performance.notes.count)
                var seconds: [StepKind: Double] = [:]
                for step in report.steps { seconds[step.kind, default: 0] += step.end - step.start }
                let playing = max(1e-9, seconds.filter { $0.key != .rest }.values.reduce(0, +))
                let used = Set(report.steps.filter { $0.kind != .rest }.compactMap(\.material))
                return PlayedOnceRow(
                    name: String(file.dropLast(4)),
                    minutes: playing / 60,
                    repertoire: (seconds[.repertoire] ?? 0) / playing,
                    free: (seconds[.free] ?? 0) / playing,
                    technique: (seconds[.technique] ?? 0) / playing,
                    takes: report.metrics.takes,
                    materials: used.count,
                    switches: report.metrics.contextSwitches
                )
            } catch {
                print("woodshed-eval: \(folder)/\(file): \(error)")
                return nil
            }
        }
    }

    /// Prints a line per piece and a summary.
    static func printTable(_ rows: [PlayedOnceRow], folder: String) {
        print("\nevery piece's MIDI score in \(folder) analysed as played through once:")
        print(
            pad("piece", 36) + pad("min", 7) + pad("rep", 6) + pad("free", 6) + pad("tech", 6) + pad("takes", 7)
                + pad("pieces", 8) + "switches"
        )
        for row in rows {
            print(
                pad(row.name, 36) + pad(String(format: "%.1f", row.minutes), 7)
                    + [row.repertoire, row.free, row.technique].map { pad(String(format: "%.2f", $0), 6) }.joined()
                    + pad(String(row.takes), 7)
                    + pad(String(row.materials), 8) + String(row.switches)
            )
        }
        let oneTake = rows.filter(\.isOneTake).count
        let asRepertoire = rows.filter { $0.repertoire >= 0.8 }.count
        let switched = rows.filter { $0.switches > 0 }.count
        print(
            "\(rows.count) pieces: \(asRepertoire) read as repertoire, \(oneTake) as one piece in one take, "
                + "\(switched) with a context switch; \(rows.map(\.takes).reduce(0, +)) takes in all"
        )
    }
}
