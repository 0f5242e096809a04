import Foundation
import MIDICore

/// A score exported as a Standard MIDI File: already in played order (notation programs unfold
/// repeats when they export), bars from its time signatures (4/4 without one), numbered from 1
/// by downbeats: an opening bar shorter than the piece's metre is a pickup, bar 0, and a short
/// bar completing the short bar before it (a bar split by a repeat sign) keeps its number. Two tracks with
/// notes are the right and left hand (staves 1 and 2), as notation programs export a piano.
/// No grace, tie or ornament is marked: a MIDI file does not say.
enum MIDIScoreReader {
    static func score(_ file: StandardMIDIFile, name: String) throws(ScoreReadError) -> Score {
        guard case .ticksPerQuarter(let ppq) = file.division else {
            throw ScoreReadError(
                file: name,
                problem:
                    "SMPTE-timed MIDI has no beats — expected ticks per quarter note; export the score from notation"
            )
        }
        let ticksPerQuarter = Double(ppq)
        var signatures: [(tick: UInt64, time: TimeSignature)] = []
        var keys: [(tick: UInt64, key: KeySignature)] = []
        var tempos: [TempoMark] = []
        var title: String?
        var tracks: [[(tick: UInt64, end: UInt64, key: UInt8)]] = []
        for (trackIndex, track) in file.tracks.enumerated() {
            var open: [UInt16: [UInt64]] = [:]
            var notes: [(tick: UInt64, end: UInt64, key: UInt8)] = []
            for event in track.events {
                switch event.kind {
                case .meta(.timeSignature(let numerator, let power, _, _)) where numerator > 0 && power < 8:
                    signatures.append((event.tick, TimeSignature(beats: Int(numerator), beatType: 1 << Int(power))))
                case .meta(.keySignature(let sharps, let minor)):
                    keys.append((event.tick, KeySignature(fifths: Int(sharps), mode: minor ? "minor" : "major")))
                case .meta(.tempo(let microseconds)) where microseconds > 0:
                    tempos.append(
                        TempoMark(
                            onset: Double(event.tick) / ticksPerQuarter,
                            quarterNotesPerMinute: 60e6 / Double(microseconds)
                        )
                    )
                case .meta(.text(.trackName, let bytes)) where trackIndex == 0 && title == nil:
                    let text = MetaEvent.string(from: bytes).trimmingCharacters(in: .whitespaces)
                    if !text.isEmpty { title = text }
                case .midi(.noteOn(let channel, let key, let velocity)) where velocity > 0:
                    open[UInt16(channel) << 8 | UInt16(key), default: []].append(event.tick)
                case .midi(.noteOn(let channel, let key, _)), .midi(.noteOff(let channel, let key, _)):
                    let slot = UInt16(channel) << 8 | UInt16(key)
                    if let start = open[slot]?.first {
                        open[slot]!.removeFirst()
                        notes.append((start, event.tick, key))
                    }
                default: break
                }
            }
            for (slot, starts) in open {
                for start in starts { notes.append((start, track.events.last?.tick ?? start, UInt8(slot & 0xFF))) }
            }
            if !notes.isEmpty { tracks.append(notes) }
        }
        guard !tracks.isEmpty else {
            throw ScoreReadError(file: name, problem: "no notes — expected a score with notes")
        }
        signatures.sort { $0.tick < $1.tick }
        if signatures.first?.tick != 0 { signatures.insert((0, .common), at: 0) }
        keys.sort { $0.tick < $1.tick }
        let lastTick = tracks.flatMap { $0.map(\.end) }.max() ?? 0
        // Bars from the signatures, each signature running to the next one.
        var bars: [(tick: UInt64, ticks: UInt64, time: TimeSignature)] = []
        for (index, signature) in signatures.enumerated() {
            let ticks = max(1, UInt64((signature.time.quarters * ticksPerQuarter).rounded()))
            let end = index + 1 < signatures.count ? signatures[index + 1].tick : max(lastTick, signature.tick + 1)
            var tick = signature.tick
            while tick < end {
                bars.append((tick, min(ticks, max(end - tick, 1)), signature.time))
                tick += ticks
            }
        }
        if let last = bars.last, lastTick > last.tick + last.ticks {
            bars.append((last.tick + last.ticks, lastTick - last.tick - last.ticks, last.time))
        }
        // The metre of each bar: the signature of the nearest run of three or more bars with
        // one signature (two in a short score), before it (else after it) — a lone short bar, or
        // two (the halves of a bar split by a repeat sign), is written in the piece's metre.
        func runs(of length: Int) -> [Int] {
            bars.indices.filter { index in
                (max(0, index - length + 1)...index).contains { start in
                    start + length <= bars.count
                        && (start..<start + length).allSatisfy { bars[$0].time == bars[index].time }
                }
            }
        }
        let settled = [3, 2].lazy.map(runs).first { !$0.isEmpty } ?? []
        let metres = bars.indices.map { index in
            (settled.last { $0 <= index } ?? settled.first).map { bars[$0].time } ?? bars[index].time
        }
        let lengths = bars.map { Double($0.ticks) / ticksPerQuarter }
        let phases = PlayedMeasure.phases(lengths: lengths, fullLengths: metres.map(\.quarters))
        var measures: [Measure] = []
        var played: [PlayedMeasure] = []
        let clock = TempoClock(tempos: tempos)
        // Bars are numbered by downbeats: a pickup is bar 0, the second part of a split bar
        // keeps the first part's number.
        var number = 0
        for (index, bar) in bars.enumerated() {
            let key = keys.last { $0.tick <= bar.tick }?.key
            let isPickup = index == 0 && phases[0] > 1e-6
            let continues = index > 0 && phases[index] > 1e-6
            if !isPickup && !continues { number += 1 }
            measures.append(
                Measure(
                    label: String(number),
                    isImplicit: isPickup || continues,
                    isPickup: isPickup,
                    length: lengths[index],
                    time: metres[index],
                    key: key
                )
            )
            let start = Double(bar.tick) / ticksPerQuarter
            played.append(
                PlayedMeasure(measure: index, start: start, seconds: clock.seconds(at: start), phase: phases[index])
            )
        }
        var notes: [ScoreNote] = []
        let staves = tracks.count == 2 ? 2 : 0
        for (track, trackNotes) in tracks.enumerated() {
            for note in trackNotes {
                var bar = 0
                var low = 0
                var high = bars.count - 1
                while low <= high {
                    let middle = (low + high) / 2
                    if bars[middle].tick <= note.tick {
                        bar = middle
                        low = middle + 1
                    } else {
                        high = middle - 1
                    }
                }
                let onset = Double(note.tick) / ticksPerQuarter
                let duration = Double(note.end - note.tick) / ticksPerQuarter
                let measure = measures[bar]
                let seconds = clock.seconds(at: onset)
                notes.append(
                    ScoreNote(
                        onset: onset,
                        duration: duration,
                        seconds: seconds,
                        durationSeconds: clock.seconds(at: onset + duration) - seconds,
                        key: note.key,
                        staff: staves == 2 ? track + 1 : 0,
                        hand: staves == 2 ? (track == 0 ? .right : .left) : nil,
                        playedMeasure: bar,
                        beat: (played[bar].phase + onset - played[bar].start) / measure.time.beatLength + 1
                    )
                )
            }
        }
        notes.sort { ($0.onset, $0.key) < ($1.onset, $1.key) }
        return Score(
            format: .midi,
            title: title,
            measures: measures,
            playedMeasures: played,
            notes: notes,
            tempos: tempos,
            staffCount: staves
        )
    }
}
