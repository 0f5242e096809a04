import Foundation
import MIDICore
import PracticeSimulator

// simulate-practice FOLDER [SESSIONS] [WEEKS]
//
// Writes SESSIONS generated practice sessions (default 10) as MIDI files into FOLDER, with
// FOLDER/dates.csv spreading them over the WEEKS (default 8) before today, for
// `woodshed import --dates FOLDER/dates.csv FOLDER/*.mid`: what scripts/browser-test fills its
// throwaway library with. Three simulated pieces practised by passages (a slow take, the right
// hand alone, takes at tempo with a few wrong notes, a run-through) after a scale and an
// arpeggio; the first piece with the sustain pedal. Seeded: the same files every time.

let arguments = CommandLine.arguments.dropFirst()
guard let folder = arguments.first else {
    FileHandle.standardError.write(Data("usage: simulate-practice FOLDER [SESSIONS] [WEEKS]\n".utf8))
    exit(2)
}
let count = arguments.dropFirst().first.flatMap { Int($0) } ?? 10
let weeks = arguments.dropFirst(2).first.flatMap { Int($0) } ?? 8
guard count > 0, weeks > 0 else {
    FileHandle.standardError.write(Data("simulate-practice: SESSIONS and WEEKS must be positive numbers\n".utf8))
    exit(2)
}

let pieces = [
    SimulatedPiece(name: "Nocturne", tonic: 55, minor: true, bars: 16, seed: 11),
    SimulatedPiece(name: "Minuet", tonic: 62, minor: false, bars: 16, seed: 12),
    SimulatedPiece(name: "Etude", tonic: 57, minor: true, bars: 16, seed: 13),
]

/// Session `index`: technique, then two of the pieces by passages.
func script(_ index: Int) -> PracticeScript {
    let tonic = UInt8(48 + (index * 7) % 12)
    var activities: [PracticeScript.Activity] = [
        .exercise(.scale(tonic: tonic, minor: index % 2 == 1, octaves: 2), bpm: 132), .silence(seconds: 3),
        .exercise(.arpeggio(tonic: tonic, minor: false, octaves: 2), bpm: 120), .silence(seconds: 6),
    ]
    for piece in [index % pieces.count, (index + 1) % pieces.count] {
        let from = 1 + 4 * ((index + piece) % 3)
        activities += [
            .take(piece: piece, from: from, to: from + 3, tempo: 1.5), .silence(seconds: 3),
            .take(piece: piece, from: from, to: from + 3, hands: .right), .silence(seconds: 3),
            .take(piece: piece, from: from, to: from + 3, tempo: 1.1), .silence(seconds: 3),
            .take(piece: piece, from: from, to: from + 3), .silence(seconds: 4),
            .take(piece: piece, from: 1, to: 8), .silence(seconds: 8),
        ]
    }
    var script = PracticeScript(pieces: pieces, activities: activities)
    script.seed = UInt64(100 + index)
    script.wrongNoteRate = 0.02
    script.pieceBPM = 88 + Double(index * 2)
    return script
}

/// Note-ons and note-offs, and for takes of the first piece the sustain pedal changed every two
/// seconds (down just after a note, up just before the next change), in time order.
func messages(_ session: SimulatedSession) -> [TimedMessage] {
    var messages: [TimedMessage] = []
    for note in session.notes {
        messages.append(
            TimedMessage(time: note.onset, message: .noteOn(channel: 0, key: note.key, velocity: max(1, note.velocity)))
        )
        messages.append(TimedMessage(time: note.release, message: .noteOff(channel: 0, key: note.key, velocity: 0)))
    }
    for take in session.takes where take.material == pieces[0].name {
        for down in stride(from: take.start + 50_000_000, to: take.end, by: 2_000_000_000) {
            messages.append(TimedMessage(time: down, message: .controlChange(channel: 0, controller: 64, value: 100)))
            let up = min(take.end, down + 1_900_000_000)
            messages.append(TimedMessage(time: up, message: .controlChange(channel: 0, controller: 64, value: 0)))
        }
    }
    return messages.sorted { $0.time < $1.time }
}

let directory = URL(fileURLWithPath: folder)
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
var dates = ""
let formatter = ISO8601DateFormatter()
formatter.timeZone = .current
formatter.formatOptions = [.withInternetDateTime]
let midnight = Calendar.current.startOfDay(for: Date())
for index in 0..<count {
    let name = String(format: "practice-%02d.mid", index + 1)
    let file = StandardMIDIFile(performance: messages(script(index).render()), portNames: ["Piano"], title: name)
    try Data(file.encoded()).write(to: directory.appendingPathComponent(name))
    // Oldest first, spread over the weeks up to yesterday, at 18:00 local time plus a little.
    let daysAgo = Double((count - 1 - index) * weeks * 7) / Double(max(count - 1, 1))
    let start = midnight.addingTimeInterval(-(daysAgo.rounded() + 1) * 86_400 + 18 * 3_600 + Double(index % 4) * 900)
    dates += "\(name),\(formatter.string(from: start))\n"
}
try Data(dates.utf8).write(to: directory.appendingPathComponent("dates.csv"))
print("simulate-practice: \(count) sessions over \(weeks) weeks in \(folder) (dates.csv dates them)")
