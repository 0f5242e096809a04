import Foundation
import PracticeReports
import PracticeSegmenter
import ScoreReader

/// The scores of a folder's pieces as the library's known materials: every `NAME.musicxml`
/// (or `.xml`, `.mxl`) or `NAME.mid` file, named NAME — the truth's material with ':' → '_'.
struct ScoreLibrary {
    enum Format: String, CaseIterable {
        case musicXML = "MusicXML"
        case midi = "MIDI"

        func matches(_ file: String) -> Bool {
            switch self {
            case .musicXML: file.hasSuffix(".musicxml") || file.hasSuffix(".xml") || file.hasSuffix(".mxl")
            case .midi: file.hasSuffix(".mid") || file.hasSuffix(".midi")
            }
        }
    }

    let format: Format
    var scores: [String: Score] = [:]
    /// The MusicXML score of each piece, whose repeats tell how a performance that skips them
    /// counts its bars (for MIDI scores too, when their bars match the MusicXML's).
    var structures: [String: Score] = [:]
    var known: [KnownMaterial] = []

    init(folder: String, format: Format) throws {
        self.format = format
        let structureFiles = try FileManager.default.contentsOfDirectory(atPath: folder).filter(Format.musicXML.matches)
        for file in structureFiles {
            let name = String(file[..<file.lastIndex(of: ".")!])
            structures[name] = try Score.read(contentsOf: URL(fileURLWithPath: folder + "/" + file), name: file)
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter(format.matches).sorted()
        for file in files {
            let name = String(file[..<file.lastIndex(of: ".")!])
            let score = try Score.read(contentsOf: URL(fileURLWithPath: folder + "/" + file), name: file)
            scores[name] = score
            known.append(
                KnownMaterial(id: Int64(known.count + 1), name: name, fingerprint: MaterialFingerprint(score: score))
            )
        }
    }

    /// The truth's material name as a score name: "Bach:Fugue_bwv_857" → "Bach_Fugue_bwv_857".
    static func scoreName(_ material: String) -> String { material.replacingOccurrences(of: ":", with: "_") }
}

/// How a session's report with scores agrees with the truth on bars, names and hands.
struct ScoreAgreement {
    /// Matched complete takes with bars (first and last) within ±1 of the truth's, of all the
    /// matched complete takes of scored pieces.
    var barHits = 0
    var barTakes = 0
    /// Takes that got no bars at all (their material matched no score).
    var withoutBars = 0
    /// Truth materials of the session whose report material carries the score's name.
    var named = 0
    var materials = 0
    /// Takes the truth plays with one hand that the report says so for, and takes the report
    /// gives a hand that the truth plays with both.
    var handsFound = 0
    var oneHanded = 0
    var handsWrong = 0
    /// Lines for --trace: each missed take.
    var misses: [String] = []

    init() {}

    static func + (a: Self, b: Self) -> Self {
        var sum = a
        sum.barHits += b.barHits
        sum.barTakes += b.barTakes
        sum.withoutBars += b.withoutBars
        sum.named += b.named
        sum.materials += b.materials
        sum.handsFound += b.handsFound
        sum.oneHanded += b.oneHanded
        sum.handsWrong += b.handsWrong
        return sum
    }

    /// Compares a report with the truth file's segments (`@A-B` passages: downbeat A to
    /// downbeat B of the performance, 0-based — bars A+1 to B counted from the first full bar).
    init(truth: URL, report: PracticeReport, library: ScoreLibrary) throws {
        let takes = report.allTakes
        var materialOverlap: [String: [String: Double]] = [:]
        for segment in try TruthFile(truth).repertoire {
            let (material, start, end) = (segment.material, segment.start, segment.end)
            guard let score = library.scores[ScoreLibrary.scoreName(material)] else { continue }
            for step in report.steps where step.kind == .repertoire && step.end > start && step.start < end {
                let overlap = min(step.end, end) - max(step.start, start)
                materialOverlap[material, default: [:]][step.material ?? "", default: 0] += overlap
            }
            guard let passage = segment.passage, let range = segment.downbeats,
                let nearest = takes.filter({ abs($0.take.start - start) <= 1 })
                    .min(by: { abs($0.take.start - start) < abs($1.take.start - start) })
            else { continue }
            let hand = segment.hand
            if hand != "both" {
                oneHanded += 1
                if nearest.take.bars?.hands?.rawValue.prefix(1).uppercased() == hand { handsFound += 1 }
            } else if nearest.take.bars?.hands != nil {
                handsWrong += 1
            }
            guard segment.complete else { continue }
            barTakes += 1
            guard let bars = nearest.take.bars else {
                withoutBars += 1
                misses.append(String(format: "  %7.2f s %@: no bars", start, passage))
                continue
            }
            let name = ScoreLibrary.scoreName(material)
            let expected = Self.expectedBars(
                range.first,
                range.last,
                labels: score,
                structure: library.structures[name] ?? score
            )
            // The bars named, or other bars the report names as the same music. A take that
            // starts on an upbeat into bar N, or stops on the downbeat of bar N, plays from (to)
            // downbeat N: either bar may be the truth's.
            let hit = ([bars] + bars.sameAs).contains { named in
                guard let first = BarRange.number(named.first), let last = BarRange.number(named.last) else {
                    return false
                }
                let firsts = named.firstBeat == nil ? [first] : [first, first + 1]
                let lasts = named.lastBeat == 1 ? [last, last - 1] : [last]
                return expected.contains { truth in
                    firsts.contains { abs($0 - truth.first) <= 1 } && lasts.contains { abs($0 - truth.last) <= 1 }
                }
            }
            if hit {
                barHits += 1
            } else {
                misses.append(
                    String(
                        format: "  %7.2f s %@: bars %@–%@, truth %@",
                        start,
                        passage,
                        bars.first,
                        bars.last,
                        expected.map { "\($0.first)–\($0.last)" }.joined(separator: " or ")
                    )
                )
            }
        }
        for (material, overlaps) in materialOverlap {
            materials += 1
            guard let id = overlaps.max(by: { $0.value < $1.value })?.key else { continue }
            if report.materials.first(where: { $0.id == id })?.name == ScoreLibrary.scoreName(material) { named += 1 }
        }
    }

    /// The bar numbers (as `labels` numbers them) of the performance's bars A+1 … B. A
    /// performance's downbeats are the starts of the bars it plays: not a pickup or other upbeat
    /// bar, not the second half of a bar split by a repeat sign, and not before the first note
    /// (a fugue whose subject enters after a rest counts from bar 2). The performance may take
    /// the repeats or not (`structure`, the MusicXML score, says where they are): both readings
    /// are returned.
    static func expectedBars(_ from: Int, _ to: Int, labels: Score, structure: Score) -> [(first: Int, last: Int)] {
        let unfolded = structure.playedMeasures
        // Labels of the played bars of the unfolded score, by played index.
        let sameBars = labels.playedMeasures.count == unfolded.count
        func label(_ played: Int) -> Int? {
            let score = sameBars ? labels : structure
            return score.measures[score.playedMeasures[played].measure].number
        }
        // As the score plays (its own bars and downbeats), and — from the MusicXML's repeats,
        // when its bars are the score's — without the repeats.
        var orders = [labels.playedMeasures]
        if sameBars, let order = structure.orderWithoutRepeats, order != unfolded.map(\.measure) {
            orders.append(PlayedMeasure.laidOut(order, measures: structure.measures))
        }
        let firstNote = labels.notes.first?.onset ?? 0
        var expected: [(first: Int, last: Int)] = []
        for (number, order) in orders.enumerated() {
            let downbeats = order.indices.filter { order[$0].isDownbeat && order[$0].start >= firstNote - 1e-6 }
            guard from >= 0, from < to, to <= downbeats.count else { continue }
            if number == 0 {
                let measures = labels.measures
                if let first = measures[order[downbeats[from]].measure].number,
                    let last = measures[order[downbeats[to - 1]].measure].number
                {
                    expected.append((first, last))
                }
                continue
            }
            // Without repeats: each occurrence of the first bar in the unfolded order, and the
            // next occurrence of the last bar after it.
            let firstMeasure = order[downbeats[from]].measure
            let lastMeasure = order[downbeats[to - 1]].measure
            for start in unfolded.indices where unfolded[start].measure == firstMeasure {
                guard let end = unfolded.indices.first(where: { $0 >= start && unfolded[$0].measure == lastMeasure }),
                    let first = label(start), let last = label(end)
                else { continue }
                expected.append((first, last))
            }
        }
        return expected
    }
}
