import Foundation
import MIDICore
import PracticeLibrary
import PracticeSegmenter

/// A score exported as MIDI, turned into a fingerprint with bar numbers (from its time
/// signatures; 4/4 when it has none).
enum ReferenceScore {
    static func fingerprint(of file: StandardMIDIFile) throws -> MaterialFingerprint {
        guard case .ticksPerQuarter(let ppq) = file.division else {
            throw UserError(
                "a reference score needs ticks per quarter note, not SMPTE time",
                hint: "export it from notation"
            )
        }
        let tempo = TempoMap(file: file)
        var signatures: [(tick: UInt64, ticksPerBar: UInt64)] = []
        for track in file.tracks {
            for event in track.events {
                if case .meta(.timeSignature(let numerator, let power, _, _)) = event.kind {
                    let beat = UInt64(ppq) * 4 >> UInt64(power)
                    signatures.append((event.tick, max(1, UInt64(numerator) * beat)))
                }
            }
        }
        signatures.sort { $0.tick < $1.tick }
        if signatures.first?.tick != 0 { signatures.insert((0, UInt64(ppq) * 4), at: 0) }
        let notes = Note.notes(from: file.timedMessages())
        guard !notes.isEmpty else { throw UserError("the reference score has no notes") }
        let lastTick = file.tracks.map { $0.events.last?.tick ?? 0 }.max() ?? 0
        // Bar starts as (time, bar number), up to the end of the score.
        var starts: [(time: Int64, bar: Double)] = []
        var bar = 1.0
        for (index, signature) in signatures.enumerated() {
            let end = index + 1 < signatures.count ? signatures[index + 1].tick : lastTick + signature.ticksPerBar
            var tick = signature.tick
            while tick < end {
                starts.append((tempo.nanoseconds(atTick: tick), bar))
                tick += signature.ticksPerBar
                bar += 1
            }
        }
        starts.append((tempo.nanoseconds(atTick: lastTick + 1), bar))
        return MaterialFingerprint(notes: notes) { time in
            guard let next = starts.firstIndex(where: { $0.time > time }), next > 0 else { return starts.last!.bar }
            let a = starts[next - 1]
            let b = starts[next]
            return a.bar + Double(time - a.time) / Double(max(b.time - a.time, 1)) * (b.bar - a.bar)
        }
    }
}
