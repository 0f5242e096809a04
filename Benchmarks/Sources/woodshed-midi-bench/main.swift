// Benchmark of the MIDI core: reading Standard MIDI Files into notes, and writing them.
//
//   woodshed-midi-bench generate OUT.mid [MINUTES]   write a synthetic performance (piano with pedal)
//   woodshed-midi-bench read [--repeat N] FILE.mid…  parse + pair notes; prints one JSON line per file
//
// scripts/bench-midi-io runs this side by side with mido, pretty_midi and symusic on the same files.
import Foundation
import MIDICore

func peakRSSKilobytes() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
    }
    return 0
}

/// Bytes to paired notes, alone: `valgrind --tool=callgrind --toggle-collect='*profiledRead*'`.
@inline(never) func profiledRead(_ bytes: [UInt8]) -> Int {
    (try? Performance(midiFile: bytes).notes.count) ?? 0
}

/// The same through the file model: `--toggle-collect='*profiledModelRead*'`.
@inline(never) func profiledModelRead(_ bytes: [UInt8]) -> Int {
    (try? StandardMIDIFile(bytes: bytes).performance.notes.count) ?? 0
}

/// A performance to SMF bytes, alone: `--toggle-collect='*profiledWrite*'`.
@inline(never) func profiledWrite(_ performance: Performance) -> Int {
    StandardMIDIFile(performance: performance.messages, portNames: performance.portNames).encoded().count
}

func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

/// A deterministic piano-like performance: two hands, sustain pedal every bar, ~8 notes/s.
func syntheticPerformance(minutes: Int) -> [TimedMessage] {
    var messages: [TimedMessage] = []
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    func next() -> UInt64 {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return state
    }
    let end = Int64(minutes) * 60 * 1_000_000_000
    var t: Int64 = 0
    var bar = 0
    while t < end {
        let key = UInt8(36 + Int(next() % 60))
        let length = Int64(80_000_000 + next() % 400_000_000)
        messages.append(
            TimedMessage(time: t, message: .noteOn(channel: 0, key: key, velocity: UInt8(30 + next() % 90)))
        )
        messages.append(TimedMessage(time: t + length, message: .noteOff(channel: 0, key: key, velocity: 64)))
        if Int(t / 2_000_000_000) > bar {
            bar = Int(t / 2_000_000_000)
            messages.append(TimedMessage(time: t, message: .controlChange(channel: 0, controller: 64, value: 0)))
            messages.append(
                TimedMessage(time: t + 30_000_000, message: .controlChange(channel: 0, controller: 64, value: 100))
            )
        }
        t += Int64(40_000_000 + next() % 200_000_000)
    }
    return messages.sorted { $0.time < $1.time }
}

var arguments = Array(CommandLine.arguments.dropFirst())
guard let verb = arguments.first else {
    print("usage: woodshed-midi-bench generate OUT.mid [MINUTES] | read [--repeat N] FILE.mid…")
    exit(1)
}
arguments.removeFirst()
switch verb {
case "generate":
    let minutes = arguments.count > 1 ? Int(arguments[1]) ?? 60 : 60
    let file = StandardMIDIFile(
        performance: syntheticPerformance(minutes: minutes),
        portNames: ["Piano"],
        title: "synthetic"
    )
    try Data(file.encoded()).write(to: URL(fileURLWithPath: arguments[0]))
case "read":
    var repeats = 5
    if arguments.first == "--repeat", arguments.count > 1 {
        repeats = Int(arguments[1]) ?? 5
        arguments.removeFirst(2)
    }
    for path in arguments {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        var best = UInt64.max
        var notes = 0
        for _ in 0..<repeats {
            let start = now()
            let performance = try Performance(midiFile: bytes)
            notes = performance.notes.count
            best = min(best, now() - start)
        }
        var writeBest = UInt64.max
        let performance = try StandardMIDIFile(bytes: bytes).performance
        for _ in 0..<repeats {
            let start = now()
            let out = StandardMIDIFile(performance: performance.messages, portNames: performance.portNames).encoded()
            precondition(!out.isEmpty)
            writeBest = min(writeBest, now() - start)
        }
        let name = URL(fileURLWithPath: path).lastPathComponent
        print(
            "{\"tool\": \"woodshed\", \"file\": \"\(name)\", \"bytes\": \(bytes.count), \"notes\": \(notes), "
                + "\"readSeconds\": \(Double(best) / 1e9), \"writeSeconds\": \(Double(writeBest) / 1e9), \"peakRSSkB\": \(peakRSSKilobytes())}"
        )
    }
case "profile":
    // One read (to notes) or one write, nothing else: for valgrind --tool=callgrind.
    let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: arguments[1])))
    switch arguments[0] {
    case "read":
        print(profiledRead(bytes))
    case "model-read":
        print(profiledModelRead(bytes))
    case "write":
        let performance = try StandardMIDIFile(bytes: bytes).performance
        print(profiledWrite(performance))
    case "loop":
        var usage = rusage()
        for _ in 0..<10 {
            getrusage(RUSAGE_SELF.rawValue, &usage)
            let faults = usage.ru_minflt
            let start = now()
            let n = profiledRead(bytes)
            let t = now() - start
            getrusage(RUSAGE_SELF.rawValue, &usage)
            print(n, Double(t) / 1e6, "ms", usage.ru_minflt - faults, "faults")
        }
    default:
        print(bytes.count)
        print(
            "MIDIMessage",
            MemoryLayout<MIDIMessage>.size,
            MemoryLayout<MIDIMessage>.stride,
            "Event",
            MemoryLayout<StandardMIDIFile.Event>.stride,
            "TimedMessage",
            MemoryLayout<TimedMessage>.stride,
            "Note",
            MemoryLayout<Note>.stride,
            "MetaEvent",
            MemoryLayout<MetaEvent>.size
        )
    }
default:
    print("unknown verb \(verb)")
    exit(1)
}
