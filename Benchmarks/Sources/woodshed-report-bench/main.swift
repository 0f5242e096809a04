// Times the analyzer and the report renderings, apart from the segmenter, on real-like and
// adversarial sessions. Run it in release:
//
//   swift run -c release woodshed-report-bench [FILE.mid…]
//
// Without files it uses eval-dev in the shared folder when present ($WOODSHED_SHARED, or
// ../shared beside the package). It also joins those sessions into one
// long session (hours of practice), and makes a 3-hour session of random notes, and prints for
// each: notes, segmenter ms, analyzer ms, text/JSON/HTML ms, HTML size, peak RSS.
import BenchmarkSupport
import Foundation
import MIDICore
import PracticeAnalyzer
import PracticeReports
import PracticeSegmenter

func milliseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
}

func peakRSSMegabytes() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
    else { return 0 }
    return Double(line.split(separator: " ").dropFirst().first.flatMap { Double($0) } ?? 0) / 1024
}

func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
}

func measure(_ name: String, _ notes: [Note]) {
    let clock = ContinuousClock()
    var segmentation: Segmentation?
    let segmenting = clock.measure { segmentation = PracticeSegmenter().segment(notes) }
    var analysis: WorkflowAnalysis?
    let analysing = clock.measure { analysis = WorkflowAnalyzer().analyze(segmentation!, notes: notes) }
    let report = PracticeReport(segmentation!, noteCount: notes.count, analysis: analysis!)
    var html = ""
    let text = clock.measure { _ = report.text() }
    let json = clock.measure { _ = try? report.jsonData() }
    let page = clock.measure { html = report.html(notes: notes) }
    let hours = Double(segmentation!.duration) / 3.6e12
    print(
        name.padding(toLength: 22, withPad: " ", startingAt: 0) + pad(String(format: "%.2f", hours), 6)
            + pad("\(notes.count)", 8) + pad("\(report.metrics.takes)", 6)
            + pad(String(format: "%.0f", milliseconds(segmenting)), 10)
            + pad(String(format: "%.1f", milliseconds(analysing)), 10)
            + pad(String(format: "%.1f", milliseconds(text)), 7) + pad(String(format: "%.1f", milliseconds(json)), 7)
            + pad(String(format: "%.1f", milliseconds(page)), 8) + pad("\(html.utf8.count / 1024)", 8)
            + pad(String(format: "%.0f", peakRSSMegabytes()), 8)
    )
}

func notes(_ path: String) -> [Note]? {
    guard let data = FileManager.default.contents(atPath: path),
        let file = try? StandardMIDIFile(bytes: [UInt8](data))
    else { return nil }
    return Note.notes(from: file.timedMessages())
}

var files = Array(CommandLine.arguments.dropFirst())
if files.isEmpty {
    if let folder = SharedData.folder("eval-dev") { files = SharedData.midiFiles(in: folder).map(\.path) }
}
print(
    "session".padding(toLength: 22, withPad: " ", startingAt: 0) + pad("hours", 6) + pad("notes", 8) + pad("takes", 6)
        + pad("segm ms", 10) + pad("analyz ms", 10) + pad("text", 7) + pad("json", 7) + pad("html ms", 8)
        + pad("html KB", 8) + pad("RSS MB", 8)
)
var joined: [Note] = []
for path in files {
    guard let sessionNotes = notes(path) else {
        print("\(path): not a MIDI file")
        continue
    }
    measure(URL(fileURLWithPath: path).lastPathComponent, sessionNotes)
    // The same sessions one after another, a minute apart: hours of practice in one session.
    let offset = (joined.map(\.end).max() ?? 0) + 60_000_000_000
    joined += sessionNotes.map {
        Note(
            onset: $0.onset + offset,
            release: $0.release + offset,
            end: $0.end + offset,
            key: $0.key,
            velocity: $0.velocity
        )
    }
}
if !joined.isEmpty {
    measure("all joined", joined)
    measure(
        "all joined, twice",
        joined
            + joined.map {
                let offset = (joined.last?.end ?? 0) + 60_000_000_000
                return Note(
                    onset: $0.onset + offset,
                    release: $0.release + offset,
                    end: $0.end + offset,
                    key: $0.key,
                    velocity: $0.velocity
                )
            }
    )
}
// Three hours of random notes, 8 a second: nothing repeats, nothing is a passage.

var random: [Note] = []
var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
for index in 0..<(3 * 3600 * 8) {
    seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    let onset = Int64(index) * 125_000_000
    random.append(
        Note(
            onset: onset,
            release: onset + 100_000_000,
            end: onset + 100_000_000,
            key: UInt8(36 + (seed >> 33) % 60),
            velocity: UInt8(40 + (seed >> 20) % 60)
        )
    )
}

measure("random, 3 hours", random)
