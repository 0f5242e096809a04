// Evaluation of the segmenter on a folder of sessions with known answers (sessionNN.mid +
// sessionNN.truth.json + score.py, as in ../shared/eval-dev): analyses each session, writes
// its woodshed.report.v1 report, scores it with the folder's score.py, prints per-session and
// mean scores. Exits 0 with a notice when the folder is absent.
//
//   scripts/eval [DIR] [--out DIR] [--trace SESSION] [--set name=value]… [--quiet]
//   (= swift run --package-path Benchmarks -c release woodshed-eval …)
//
// DIR defaults to eval-dev in the shared folder: $WOODSHED_SHARED, or ../shared beside the
// package. Reports go to .build/woodshed-eval in the package unless --out says otherwise.
import BenchmarkSupport
import Foundation
import MIDICore
import PracticeReports
import PracticeSegmenter

let metricNames = ["takeF1", "switchF1", "kindAcc", "materialF1", "passageF1"]

struct Options {
    var folder: String?
    var out = SharedData.packageRoot.appendingPathComponent(".build/woodshed-eval").path
    var trace: String?
    var overrides: [String: Double] = [:]
    var quiet = false

    init(_ arguments: [String]) {
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            switch argument {
            case "--out": out = rest.popFirst() ?? out
            case "--trace": trace = rest.popFirst()
            case "--quiet": quiet = true
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
print(pad("session", 14) + metricNames.map { pad($0, 11) }.joined() + "switches  takes  seconds")
var sums = [String: Double]()
var scored = 0
var failures = 0
for file in sessions {
    let name = String(file.dropLast(4))
    do {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: folder + "/" + file)))
        let messages = try StandardMIDIFile(bytes: bytes).timedMessages()
        let notes = Note.notes(from: messages)
        let pedalMoves = Note.pedalMoves(from: messages)
        let clock = ContinuousClock()
        var segmentation: Segmentation?
        let elapsed = clock.measure {
            segmentation = PracticeSegmenter(configuration: segmenterConfiguration).segment(
                notes,
                pedalMoves: pedalMoves,
                trace: options.trace == name ? { print("  " + $0) } : nil
            )
        }
        let report = PracticeReport(segmentation!, noteCount: notes.count)
        let reportPath = options.out + "/" + name + ".report.json"
        try report.jsonData().write(to: URL(fileURLWithPath: reportPath))
        if options.trace == name { print(report.text()) }
        let truth = folder + "/" + name + ".truth.json"
        let seconds = Double(elapsed.components.attoseconds) / 1e18 + Double(elapsed.components.seconds)
        guard FileManager.default.fileExists(atPath: truth) else {
            print(pad(name, 14) + "analysed, no truth to score (\(report.steps.count) steps)")
            continue
        }
        let values = try score(script: folder + "/score.py", truth: truth, report: reportPath)
        for metric in metricNames { sums[metric, default: 0] += values[metric] ?? 0 }
        scored += 1
        let switches = "\(Int(values["switches"] ?? 0))/\(Int(values["switchesTruth"] ?? 0))"
        if !options.quiet {
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
if scored > 0 {
    print(pad("mean", 14) + metricNames.map { pad(fixed(sums[$0]! / Double(scored)), 11) }.joined())
}
exit(failures == 0 ? 0 : 1)
