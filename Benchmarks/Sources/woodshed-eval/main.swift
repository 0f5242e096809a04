// Evaluation of the segmenter on a folder of sessions with known answers (sessionNN.mid +
// sessionNN.truth.json + score.py, as in ../shared/eval-dev): analyses each session, writes
// its woodshed.report.v1 report, scores it with the folder's score.py, prints per-session and
// mean scores. Exits 0 with a notice when the folder is absent.
//
//   scripts/eval [DIR] [--out DIR] [--trace SESSION] [--set name=value]… [--quiet] [--scores [SCORES]]
//                [--played-once [SCORES]] [--technique] [--library]
//   (= swift run --package-path Benchmarks -c release woodshed-eval …)
//
// DIR defaults to eval-dev in the shared folder: $WOODSHED_SHARED, or ../shared beside the
// package. Reports go to .build/woodshed-eval in the package unless --out says otherwise.
// --scores adds every piece's score (SCORES, default DIR/scores) to the known materials, once
// the MusicXML scores and once the MIDI ones, and prints the scores side by side with the run
// without scores, with the bar accuracy of matched complete takes, the materials named by their
// score and the one-hand takes found. --played-once analyses every piece's MIDI score (SCORES,
// default DIR/scores) as a session in which it is played through once (PlayedOnceEvaluation).
// --library imports the sessions in order into one library and sets each piece's library ids
// against the truth (LibraryEvaluation). --technique analyses generated exercise routines with
// the hands apart (TechniqueEvaluation) and stops: it needs no shared data.
import BenchmarkSupport
import Foundation
import MIDICore
import PracticeReports
import PracticeSegmenter
import ScoreReader

let metricNames = ["takeF1", "switchF1", "kindAcc", "materialF1", "passageF1"]

struct Options {
    var folder: String?
    var out = SharedData.packageRoot.appendingPathComponent(".build/woodshed-eval").path
    /// A session to trace, or "all": with --scores, the takes whose bars missed in every session.
    var trace: String?
    var overrides: [String: Double] = [:]
    var quiet = false
    /// --scores: the folder of scores, "" for DIR/scores.
    var scores: String?
    /// --played-once: the folder of scores, "" for DIR/scores.
    var playedOnce: String?
    /// --technique: generated exercise routines only.
    var technique = false
    /// --library: the sessions imported in order into one library.
    var library = false

    init(_ arguments: [String]) {
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            switch argument {
            case "--out": out = rest.popFirst() ?? out
            case "--trace": trace = rest.popFirst()
            case "--quiet": quiet = true
            case "--technique": technique = true
            case "--library": library = true
            case "--scores":
                scores = rest.first.map { $0.hasPrefix("--") ? "" : rest.popFirst()! } ?? ""
            case "--played-once":
                playedOnce = rest.first.map { $0.hasPrefix("--") ? "" : rest.popFirst()! } ?? ""
            case "--set":
                let pair = (rest.popFirst() ?? "").split(separator: "=")
                if pair.count == 2, let value = Double(pair[1]) { overrides[String(pair[0])] = value }
            default: folder = argument
            }
        }
    }
}

func defaultFolder() -> String? {
    guard let folder = SharedData.folder("eval-dev"),
        FileManager.default.fileExists(atPath: folder.appendingPathComponent("score.py").path)
    else { return nil }
    return folder.path
}

func score(script: String, truth: String, report: String) throws -> [String: Double] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", script, truth, report]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    return object.compactMapValues { ($0 as? NSNumber)?.doubleValue }
}

func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
}

func fixed(_ value: Double) -> String {
    let scaled = Int((value * 1000).rounded())
    let fraction = String(scaled % 1000)
    return "\(scaled / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
}

let options = Options(Array(CommandLine.arguments.dropFirst()))

/// The default configuration with `--set name=value` overrides (for tuning without rebuilding).
func configuration(_ overrides: [String: Double]) throws -> SegmenterConfiguration {
    guard !overrides.isEmpty else { return .standard }
    var object =
        try JSONSerialization.jsonObject(with: JSONEncoder().encode(SegmenterConfiguration.standard))
        as! [String: Any]
    for (key, value) in overrides {
        guard object[key] != nil else {
            print("woodshed-eval: unknown parameter \(key)")
            exit(1)
        }
        // The property's Swift type, not the JSON number (Foundation reads 0 and 1 as Bool).
        let property = Mirror(reflecting: SegmenterConfiguration.standard).children.first { $0.label == key }?.value
        switch property {
        case is Bool: object[key] = value != 0
        case is Int, is Int64: object[key] = Int64(value)
        default: object[key] = value
        }
    }
    return try JSONDecoder().decode(
        SegmenterConfiguration.self,
        from: JSONSerialization.data(withJSONObject: object)
    )
}
let segmenterConfiguration = try configuration(options.overrides)
if options.technique {
    TechniqueEvaluation.printTable(configuration: segmenterConfiguration)
    exit(0)
}
guard let folder = options.folder ?? defaultFolder(), FileManager.default.fileExists(atPath: folder) else {
    print(
        "woodshed-eval: no evaluation folder (looked for \(SharedData.root.path)/eval-dev; "
            + "set \(SharedData.environmentVariable) or pass a folder); nothing to do"
    )
    exit(0)
}
let sessions = try FileManager.default.contentsOfDirectory(atPath: folder)
    .filter { $0.hasSuffix(".mid") }.sorted()
try FileManager.default.createDirectory(atPath: options.out, withIntermediateDirectories: true)
print("woodshed-eval: \(sessions.count) sessions in \(folder), reports in \(options.out)")

/// Analyses and scores every session with `known` materials; prints a line per session unless
/// `quiet`. Returns the mean scores and, with a score library, the agreement on bars.
func evaluate(
    known: [KnownMaterial],
    library: ScoreLibrary?,
    quiet: Bool
) -> (
    means: [String: Double], agreement: ScoreAgreement?, sessions: [String: ScoreAgreement], failures: Int
) {
    if !quiet {
        print(pad("session", 14) + metricNames.map { pad($0, 11) }.joined() + "switches  takes  seconds")
    }
    var sums = [String: Double]()
    var scored = 0
    var failures = 0
    var agreement: ScoreAgreement?
    var perSession: [String: ScoreAgreement] = [:]
    for file in sessions {
        let name = String(file.dropLast(4))
        do {
            let performance = try Performance(path: folder + "/" + file)
            let notes = performance.notes
            let pedalMoves = performance.pedalMoves
            let clock = ContinuousClock()
            var segmentation: Segmentation?
            let elapsed = clock.measure {
                segmentation = PracticeSegmenter(configuration: segmenterConfiguration).segment(
                    notes,
                    pedalMoves: pedalMoves,
                    known: known,
                    trace: options.trace == name && library == nil ? { print("  " + $0) } : nil
                )
            }
            let report = PracticeReport(segmentation!, noteCount: notes.count)
            let suffix = library.map { "." + $0.format.rawValue.lowercased() } ?? ""
            let reportPath = options.out + "/" + name + suffix + ".report.json"
            try report.jsonData().write(to: URL(fileURLWithPath: reportPath))
            if options.trace == name && library == nil { print(report.text()) }
            let truth = folder + "/" + name + ".truth.json"
            let seconds = Double(elapsed.components.attoseconds) / 1e18 + Double(elapsed.components.seconds)
            guard FileManager.default.fileExists(atPath: truth) else {
                if !quiet { print(pad(name, 14) + "analysed, no truth to score (\(report.steps.count) steps)") }
                continue
            }
            let values = try score(script: folder + "/score.py", truth: truth, report: reportPath)
            for metric in metricNames { sums[metric, default: 0] += values[metric] ?? 0 }
            scored += 1
            if let library {
                let session = try ScoreAgreement(truth: URL(fileURLWithPath: truth), report: report, library: library)
                if options.trace == name || options.trace == "all" {
                    print(
                        "  \(name) with \(library.format.rawValue) scores: \(session.barHits)/\(session.barTakes) bars"
                    )
                    for line in session.misses { print(line) }
                }
                agreement = agreement.map { $0 + session } ?? session
                perSession[name] = session
            }
            let switches = "\(Int(values["switches"] ?? 0))/\(Int(values["switchesTruth"] ?? 0))"
            if !quiet {
                print(
                    pad(name, 14) + metricNames.map { pad(fixed(values[$0] ?? 0), 11) }.joined() + pad(switches, 10)
                        + pad(String(report.metrics.takes), 7) + fixed(seconds)
                )
            }
        } catch {
            failures += 1
            print(pad(name, 14) + "FAILED: \(error)")
        }
    }
    let means = scored > 0 ? sums.mapValues { $0 / Double(scored) } : [:]
    if !quiet && scored > 0 {
        print(pad("mean", 14) + metricNames.map { pad(fixed(means[$0] ?? 0), 11) }.joined())
    }
    return (means, agreement, perSession, failures)
}

let baseline = evaluate(known: [], library: nil, quiet: options.quiet)
var failures = baseline.failures
if let scoresOption = options.scores {
    let scoresFolder = scoresOption.isEmpty ? folder + "/scores" : scoresOption
    var columns: [(title: String, means: [String: Double], agreement: ScoreAgreement?)] = [
        ("no scores", baseline.means, nil)
    ]
    var perSession: [[String: ScoreAgreement]] = []
    func percent(_ part: Int, _ whole: Int) -> String {
        whole == 0 ? "—" : "\(part)/\(whole) = " + String(format: "%.1f %%", 100 * Double(part) / Double(whole))
    }
    for format in ScoreLibrary.Format.allCases {
        do {
            let library = try ScoreLibrary(folder: scoresFolder, format: format)
            guard !library.known.isEmpty else { continue }
            let run = evaluate(known: library.known, library: library, quiet: true)
            failures += run.failures
            columns.append(("\(format.rawValue) scores", run.means, run.agreement))
            perSession.append(run.sessions)
        } catch {
            failures += 1
            print("woodshed-eval: \(error)")
        }
    }
    if !options.quiet {
        print("\nbars within ±1 of the matched complete takes, per session:")
        print(pad("session", 14) + columns.dropFirst().map { pad($0.title, 26) }.joined())
        for file in sessions {
            let name = String(file.dropLast(4))
            print(
                pad(name, 14)
                    + perSession.map { runs in pad(runs[name].map { percent($0.barHits, $0.barTakes) } ?? "—", 26) }
                    .joined()
            )
        }
    }
    print("\nwith every piece's score in \(scoresFolder) added to the known materials:")
    print(pad("", 22) + columns.map { pad($0.title, 26) }.joined())
    for metric in metricNames {
        print(pad(metric, 22) + columns.map { pad(fixed($0.means[metric] ?? 0), 26) }.joined())
    }
    let rows: [(String, (ScoreAgreement) -> String)] = [
        ("bars within ±1", { percent($0.barHits, $0.barTakes) }),
        ("takes without bars", { "\($0.withoutBars)" }),
        ("named by their score", { percent($0.named, $0.materials) }),
        ("one-hand takes found", { percent($0.handsFound, $0.oneHanded) }),
        ("hand given, both play", { "\($0.handsWrong)" }),
    ]
    for (title, value) in rows {
        print(pad(title, 22) + columns.map { pad($0.agreement.map(value) ?? "—", 26) }.joined())
    }
}
if options.library {
    try LibraryEvaluation.run(folder: folder, sessions: sessions)
}
if let playedOnceOption = options.playedOnce {
    let scoresFolder = playedOnceOption.isEmpty ? folder + "/scores" : playedOnceOption
    PlayedOnceEvaluation.printTable(
        PlayedOnceEvaluation.rows(folder: scoresFolder, configuration: segmenterConfiguration),
        folder: scoresFolder
    )
}
exit(failures == 0 ? 0 : 1)
