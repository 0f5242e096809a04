// Benchmark of the segmenter on generated sessions: a 1-hour and a 10-hour practice session and
// 3 hours of random notes. Prints time, notes per second and peak resident memory (VmHWM) for
// each, each scenario in its own process so the peaks do not mix.
//
//   swift run -c release woodshed-bench            all scenarios
//   swift run -c release woodshed-bench 1h|10h|random3h
import Foundation
import MIDICore
import PracticeSegmenter
import PracticeSimulator

/// A practice session of about `hours`: rounds of warm-up, passages of rotating pieces with
/// restarts, slow and hands-separate takes, a run-through, free play and a break.
func practiceSession(hours: Double, seed: UInt64) -> [Note] {
    var pieces: [SimulatedPiece] = []
    for index in 0..<12 {
        let tonic = UInt8(55 + (index * 5) % 12)
        pieces.append(
            SimulatedPiece(
                name: "piece\(index)",
                tonic: tonic,
                minor: index % 3 == 0,
                bars: 32,
                seed: seed &+ UInt64(index)
            )
        )
    }
    var activities: [PracticeScript.Activity] = []
    var random = SeededGenerator(seed: seed)
    var round = 0
    var seconds = 0.0
    while seconds < hours * 3600 {
        let tonic = UInt8(48 + round % 12)
        activities += [
            .exercise(.scale(tonic: tonic, minor: round % 2 == 1, octaves: 2), bpm: 150), .silence(seconds: 2),
            .exercise(.arpeggio(tonic: tonic, minor: false, octaves: 2), bpm: 140), .silence(seconds: 2),
            .exercise(.hanon(tonic: tonic, degrees: 8), bpm: 150), .silence(seconds: 4),
        ]
        for slot in 0..<3 {
            let piece = (round * 3 + slot) % pieces.count
            for passage in 0..<3 {
                let from = 1 + Int.random(in: 0..<24, using: &random)
                let to = from + 3 + passage
                for take in 0..<4 {
                    let hands: PracticeScript.Hands = take == 1 ? .right : .both
                    activities.append(
                        .take(
                            piece: piece,
                            from: from,
                            to: to,
                            hands: hands,
                            tempo: take == 0 ? 1.5 : 1,
                            stopAfter: take == 2 ? 0.5 : nil
                        )
                    )
                    activities.append(.silence(seconds: take == 2 ? 0 : 2.5))
                }
            }
            activities += [.take(piece: piece, from: 1, to: 32), .silence(seconds: 4)]
        }
        activities += [.free(seconds: 40, tonic: tonic + 12), .silence(seconds: 60)]
        round += 1
        var script = PracticeScript(pieces: pieces, activities: activities)
        script.seed = seed
        script.pieceBPM = 240
        seconds = (script.render().notes.last?.end.seconds ?? 0)
    }
    var script = PracticeScript(pieces: pieces, activities: activities)
    script.seed = seed
    script.pieceBPM = 240
    script.wrongNoteRate = 0.01
    script.droppedNoteRate = 0.01
    return script.render().notes
}

/// Random keys at random times, about 8 notes a second: nothing repeats.
func randomNotes(hours: Double, seed: UInt64) -> [Note] {
    var random = SeededGenerator(seed: seed)
    var notes: [Note] = []
    var time: Int64 = 0
    let end = Int64.fromSeconds(hours * 3600)
    while time < end {
        time += Int64.random(in: 20_000_000...230_000_000, using: &random)
        let length = Int64.random(in: 50_000_000...1_500_000_000, using: &random)
        notes.append(
            Note(
                onset: time,
                release: time + length,
                end: time + length,
                key: UInt8.random(in: 21...108, using: &random),
                velocity: 64
            )
        )
    }
    return notes
}

/// User plus system CPU seconds of this process so far (less sensitive than wall time to other
/// work on a shared machine).
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

func peakResidentMegabytes() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
    else { return 0 }
    let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
    return kilobytes / 1024
}

func run(_ scenario: String) {
    let notes: [Note]
    switch scenario {
    case "1h": notes = practiceSession(hours: 1, seed: 7)
    case "10h": notes = practiceSession(hours: 10, seed: 11)
    case "random3h": notes = randomNotes(hours: 3, seed: 13)
    default:
        print("woodshed-bench: unknown scenario \(scenario) (1h, 10h, random3h)")
        exit(1)
    }
    let before = peakResidentMegabytes()
    let cpuBefore = cpuSeconds()
    let clock = ContinuousClock()
    var segmentation: Segmentation?
    let elapsed = clock.measure {
        segmentation = PracticeSegmenter().segment(
            notes,
            trace: CommandLine.arguments.count > 2
                ? { if $0.hasPrefix("component") || $0.hasPrefix("cut") { print($0) } } : nil
        )
    }
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let cpu = cpuSeconds() - cpuBefore
    let takes = segmentation!.steps.reduce(0) { $0 + $1.takes.count }
    let hours = (notes.last?.end ?? 0).seconds / 3600
    print(
        "\(scenario): \(notes.count) notes over \(String(format: "%.2f", hours)) h, "
            + "\(segmentation!.steps.count) steps, \(takes) takes, \(segmentation!.materials.count) materials | "
            + String(
                format: "%.3f s (%.3f s CPU), %.0f notes/s, peak RSS %.1f MB (%.1f MB before analysis)",
                seconds,
                cpu,
                Double(notes.count) / seconds,
                peakResidentMegabytes(),
                before
            )
    )
}

let arguments = Array(CommandLine.arguments.dropFirst())
if let scenario = arguments.first {
    run(scenario)
} else {
    for scenario in ["1h", "10h", "random3h"] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        process.arguments = [scenario]
        try process.run()
        process.waitUntilExit()
    }
}
